import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "~/env.mjs";
import { appRouter } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { resolveSession } from "~/server/auth/session";
import { db } from "~/server/db";
import { MAX_BATCH_SIZE } from "~/lib/trpc-limits";
import { LIVE_PATH, serveLiveStream } from "./live-stream";
import { readRequestBody } from "./read-body";

// The tRPC endpoint over HTTP, as fetch Request -> Response: served by the App Router route
// (`next dev`, Vercel) and by the production server's direct path (server.ts).

export const TRPC_ENDPOINT = "/api/trpc";
/** Larger request bodies get 413; the biggest valid input (a 50 000-character description) is far below. */
export const MAX_BODY_BYTES = 1024 * 1024;

const corsOrigins = (env.CORS_ORIGIN ?? "")
  .split(",")
  .map((o) => o.trim())
  .filter(Boolean);

// The app's own origins, scheme included: the public URL, and on Vercel every URL the deployment
// answers on. Without any (development, tests), a request's own URL stands in.
const ownOrigins = new Set(
  [
    env.APP_URL,
    env.RENDER_EXTERNAL_URL,
    ...[env.VERCEL_URL, env.VERCEL_BRANCH_URL, env.VERCEL_PROJECT_PRODUCTION_URL].map((host) =>
      host ? `https://${host}` : undefined,
    ),
  ].flatMap((url) => {
    try {
      return url ? [new URL(url).origin] : [];
    } catch {
      return [];
    }
  }),
);

function isOwnOrigin(origin: string, req: Request): boolean {
  if (ownOrigins.size > 0) return ownOrigins.has(origin);
  return origin === new URL(req.url).origin;
}

function allowedOrigin(req: Request): string | null {
  const origin = req.headers.get("origin");
  return origin && corsOrigins.includes(origin) ? origin : null;
}

// CSRF: the session cookie counts only for requests a page of ours (or an allowed CORS origin)
// could have made. A read (GET) cannot change anything, but one sent from another site's page (a
// fetch or an EventSource opening a live stream, which carry an Origin) does not get the cookie
// either: it could not read the answer, and must not hold a stream open as the user. A write must be JSON, which a cross-site
// page can only send after a CORS preflight we refuse, and must come from our own origin: the Origin
// header equal to it, scheme and port included (never a Host or X-Forwarded-Host the client writes),
// or Sec-Fetch-Site when a browser sends no Origin. Otherwise the request is treated as signed out;
// API tokens in the Authorization header are unaffected.
function cookieMayAuthenticate(req: Request): boolean {
  if (req.method === "GET") {
    const origin = req.headers.get("origin");
    return !origin || isOwnOrigin(origin, req) || corsOrigins.includes(origin);
  }
  if (!req.headers.get("content-type")?.toLowerCase().startsWith("application/json")) return false;
  const origin = req.headers.get("origin");
  if (!origin) {
    const site = req.headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none";
  }
  return isOwnOrigin(origin, req) || corsOrigins.includes(origin);
}

export async function contextFor(req: Request, resHeaders: Headers) {
  const { session, problem, setCookie } = await resolveSession(db, req.headers, {
    allowCookie: cookieMayAuthenticate(req),
  });
  // The session was extended: the browser gets a fresh cookie with the new expiry.
  if (setCookie) resHeaders.append("set-cookie", setCookie);
  return createContext({ headers: req.headers, resHeaders, session, authProblem: problem });
}

function responseHeaders(req: Request, resHeaders: Headers, requestId: string): Headers {
  const headers = new Headers(resHeaders);
  if (requestId) headers.set("x-request-id", requestId);
  const origin = allowedOrigin(req);
  if (origin) {
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Access-Control-Expose-Headers", "x-request-id, retry-after");
    headers.set("Vary", "Origin");
  }
  return headers;
}

const isLiveStream = (req: Request) =>
  req.method === "GET" && new URL(req.url).pathname === `${TRPC_ENDPOINT}/${LIVE_PATH}`;

export async function handleTrpc(req: Request): Promise<Response> {
  const resHeaders = new Headers();
  if (isLiveStream(req)) {
    const ctx = await contextFor(req, resHeaders);
    return serveLiveStream(req, ctx, responseHeaders(req, resHeaders, ctx.requestId));
  }
  let requestId = "";
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: async () => {
      const ctx = await contextFor(req, resHeaders);
      requestId = ctx.requestId;
      return ctx;
    },
    responseMeta: () => ({ headers: responseHeaders(req, resHeaders, requestId) }),
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
      "Access-Control-Allow-Headers": "authorization, content-type, x-request-id",
      "Access-Control-Max-Age": "600",
      Vary: "Origin",
    },
  });
}

// The App Router route (`next dev`, Vercel): the body is read up to MAX_BODY_BYTES before tRPC parses
// it, as the production server's direct path does (node.ts).
export async function handleTrpcRoute(req: Request): Promise<Response> {
  if (req.method !== "POST") return handleTrpc(req);
  const body = await readRequestBody(req, MAX_BODY_BYTES);
  if (!body) {
    return Response.json(
      { error: { message: `The request body is larger than ${MAX_BODY_BYTES} bytes.` } },
      { status: 413, headers: { connection: "close" } },
    );
  }
  return handleTrpc(new Request(req.url, { method: "POST", headers: req.headers, body, signal: req.signal }));
}
