import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";

// A server-side caller for React Server Components: same procedures, no HTTP hop.
const createRscContext = cache(async () => {
  const requestHeaders = new Headers(await headers());
  requestHeaders.set("x-trpc-source", "rsc");
  return createContext({ headers: requestHeaders });
});

export async function getServerApi() {
  return createCaller(await createRscContext());
}
