import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "~/env.mjs";
import { appRouter } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { resolveSession } from "~/server/auth/session";
import { db } from "~/server/db";

// The tRPC endpoint over HTTP, as fetch Request -> Response: served by the App Router route
// (`next dev`, Vercel) and by the production server's direct path (scripts/server.ts).

export const TRPC_ENDPOINT = "/api/trpc";

const corsOrigins = (env.CORS_ORIGIN ?? "")
  .split(",")
  .map((o) => o.trim())
  .filter(Boolean);

function allowedOrigin(req: Request): string | null {
  const origin = req.headers.get("origin");
  return origin && corsOrigins.includes(origin) ? origin : null;
}

// CSRF: the session cookie counts only for requests a page of ours (or an allowed CORS origin)
// could have made. A read (GET) cannot change anything. A write must be JSON, which a cross-site
// page can only send after a CORS preflight we refuse, and must come from our own origin (the
// Origin header, or Sec-Fetch-Site when a browser sends no Origin). Otherwise the request is
// treated as signed out; API tokens in the Authorization header are unaffected.
function cookieMayAuthenticate(req: Request): boolean {
  if (req.method === "GET") return true;
  if (!req.headers.get("content-type")?.toLowerCase().startsWith("application/json")) return false;
  const origin = req.headers.get("origin");
  if (!origin) {
    const site = req.headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none";
  }
  try {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
    if (new URL(origin).host === host) return true;
  } catch {
    return false;
  }
  return corsOrigins.includes(origin);
}

export async function handleTrpc(req: Request): Promise<Response> {
  const resHeaders = new Headers();
  let requestId = "";
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    createContext: async () => {
      const { session, problem, setCookie } = await resolveSession(db, req.headers, {
        allowCookie: cookieMayAuthenticate(req),
      });
      // The session was extended: the browser gets a fresh cookie with the new expiry.
      if (setCookie) resHeaders.append("set-cookie", setCookie);
      const ctx = createContext({ headers: req.headers, resHeaders, session, authProblem: problem });
      requestId = ctx.requestId;
      return ctx;
    },
    responseMeta: () => {
      const headers = new Headers(resHeaders);
      if (requestId) headers.set("x-request-id", requestId);
      const origin = allowedOrigin(req);
      if (origin) {
        headers.set("Access-Control-Allow-Origin", origin);
        headers.set("Access-Control-Expose-Headers", "x-request-id, retry-after");
        headers.set("Vary", "Origin");
      }
      return { headers };
    },
  });
}

// CORS preflight: only origins in CORS_ORIGIN may call the API from a browser.
export function preflight(req: Request): Response {
  const origin = allowedOrigin(req);
  if (!origin) return new Response(null, { status: 403 });
  return new Response(null, {
    status: 204,
    headers: {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
      "Access-Control-Allow-Headers": "authorization, content-type, x-request-id, x-trpc-source",
      "Access-Control-Max-Age": "600",
      Vary: "Origin",
    },
  });
}
