import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { env } from "~/env.mjs";
import { apiSecurityHeaders } from "~/lib/api-headers.mjs";
import { readBody } from "~/lib/read-body";
import { logger } from "~/server/logger";
import { handleTrpc, preflight } from "./http";

// The tRPC endpoint on a plain Node.js server (scripts/server.ts): the same handler as the App Router
// route, without Next's routing and response streaming in between. The answer is written whole,
// with its length and the API's security headers, in one write.

export const TRPC_PATH = "/api/trpc";
/** Larger request bodies get 413; the biggest valid input (a 50 000-character description) is far below. */
export const MAX_BODY_BYTES = 1024 * 1024;
const COMPRESS_MIN_BYTES = 1024;
const METHODS = new Set(["GET", "POST", "OPTIONS"]);
const SECURITY_HEADERS = apiSecurityHeaders(env.NODE_ENV === "production");
const gzipAsync = promisify(gzip);

/** True for /api/trpc itself and anything below it. */
export function isTrpcPath(url: string | undefined): boolean {
  if (!url?.startsWith(TRPC_PATH)) return false;
  const next = url[TRPC_PATH.length];
  return next === undefined || next === "/" || next === "?";
}

// gzip when the client accepts it (q > 0), as Next does for the responses it sends.
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(",")) {
    const [name, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (name !== "gzip" && name !== "*") continue;
    const q = params.find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

function json(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}) {
  const body = JSON.stringify({ error: { message } });
  res.writeHead(status, {
    ...Object.fromEntries(SECURITY_HEADERS.map((h) => [h.key, h.value])),
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    ...extra,
  });
  res.end(body);
}

async function send(req: IncomingMessage, res: ServerResponse, response: Response) {
  let body = Buffer.from(await response.arrayBuffer());
  res.statusCode = response.status;
  for (const header of SECURITY_HEADERS) res.setHeader(header.key, header.value);
  for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (body.length >= COMPRESS_MIN_BYTES) {
    const vary = response.headers.get("vary");
    res.setHeader("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
    if (acceptsGzip(req.headers["accept-encoding"])) {
      body = await gzipAsync(body);
      res.setHeader("content-encoding", "gzip");
    }
  }
  res.setHeader("content-length", body.length);
  res.end(body);
}

// The request as a fetch Request. Its signal aborts only if the client goes away before the answer is
// written (a closing connection after a complete answer is no abort). The body, read first, is at
// most MAX_BODY_BYTES; null when it is larger.
async function toRequest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<Request | null> {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || key.startsWith(":")) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else headers.set(key, value);
  }
  const init: RequestInit = { method: req.method, headers, signal: controller.signal };
  if (req.method === "POST") {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body) return null;
    init.body = new Uint8Array(body);
  }
  return new Request(url, init);
}

function urlOf(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  } catch {
    return null;
  }
}

export async function serveTrpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!METHODS.has(req.method ?? "")) {
    json(res, 405, "Use GET for queries and POST for mutations.", { allow: [...METHODS].join(", ") });
    req.resume();
    return;
  }
  // A Host header no URL can be made from.
  const url = urlOf(req);
  if (!url) return json(res, 400, "The request URL is malformed.");
  try {
    const request = await toRequest(req, res, url);
    if (!request) {
      // The rest of the body is not read: the connection closes once the answer is out.
      json(res, 413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`, { connection: "close" });
      return;
    }
    await send(req, res, req.method === "OPTIONS" ? preflight(request) : await handleTrpc(request));
  } catch (error) {
    // tRPC answers every error of a procedure itself; this is the transport failing.
    logger.error({ err: error }, "tRPC request failed");
    if (!res.headersSent) json(res, 500, "Internal server error");
    else res.destroy();
  }
}
