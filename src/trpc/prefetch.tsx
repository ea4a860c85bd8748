import "server-only";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";

// The React Query key the client's tRPC hooks use for a procedure and input (@trpc/react-query's
// getQueryKey): the path split on dots, then the input and the kind of query. The client hashes keys
// with their object keys sorted, so the order of the input's properties does not matter.
function queryKey(path: string, input: unknown, type: "query" | "infinite") {
  return [path.split("."), { input, type }] as const;
}

export type Prefetch =
  | { kind: "query"; path: string; input: unknown; fetch: () => Promise<unknown> }
  | { kind: "infinite"; path: string; input: unknown; fetch: () => Promise<unknown> };

/**
 * Runs the first queries a page's client components make on the server, in parallel, and hands
 * their results to the client's query cache, so the page arrives with its content in the HTML and
 * the client does not fetch the same data again on load. A query that fails here is left out: the
 * client then fetches it and shows its own error state.
 */
export async function Prefetched({ queries, children }: { queries: Prefetch[]; children: ReactNode }) {
  const client = new QueryClient();
  await Promise.all(
    queries.map((q) =>
      q.kind === "infinite"
        ? client.prefetchInfiniteQuery({
            queryKey: queryKey(q.path, q.input, "infinite"),
            queryFn: q.fetch,
            initialPageParam: null,
          })
        : client.prefetchQuery({ queryKey: queryKey(q.path, q.input, "query"), queryFn: q.fetch }),
    ),
  );
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
