import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { resolveSession } from "~/server/auth/session";
import { db } from "~/server/db";

// A server-side caller for React Server Components: same procedures and session, no HTTP hop.
const createRscContext = cache(async () => {
  const requestHeaders = new Headers(await headers());
  requestHeaders.delete("authorization");
  // Server components cannot set cookies, so they read the session without extending it.
  const { session } = await resolveSession(db, requestHeaders, { allowCookie: true, touch: false }).catch(() => ({
    session: null,
  }));
  return createContext({ headers: requestHeaders, session, inProcess: true });
});

export async function getServerApi() {
  return createCaller(await createRscContext());
}

export const getViewer = cache(async () => (await createRscContext()).session?.user ?? null);
