import { QueryClient } from "@tanstack/react-query";
import { shareEqual } from "./share-equal";

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // A refetch keeps the objects of rows that did not change, so only changed rows re-render.
      queries: { staleTime: 30_000, retry: 1, structuralSharing: (previous, next) => shareEqual(previous, next) },
    },
  });
}
