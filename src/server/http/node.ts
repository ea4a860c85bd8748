import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { env } from "~/env.mjs";
import { apiSecurityHeaders } from "~/lib/api-headers.mjs";
import { logger } from "~/server/logger";
import { handleTrpc, MAX_BODY_BYTES, preflight, TRPC_ENDPOINT } from "./http";
import { readBody } from "./read-body";

// The tRPC endpoint on a plain Node.js server (server.ts): the same handler as the App Router
// route, without Next's routing and response streaming in between. An answer is written whole, with
// its length and the API's security headers, in one write; a live stream is written as it comes.

const COMPRESS_MIN_BYTES = 1024;
const METHODS = new Set(["GET", "POST", "OPTIONS"]);
const SECURITY_HEADERS = apiSecurityHeaders(env.NODE_ENV === "production");
const gzipAsync = promisify(gzip);

/** True for /api/trpc itself and anything below it. */
export function isTrpcPath(url: string | undefined): boolean {
  if (!url?.startsWith(TRPC_ENDPOINT)) return false;
  const next = url[TRPC_ENDPOINT.length];
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

// An answer of the transport itself (405, 413, 500), written like any other.
function json(req: IncomingMessage, res: ServerResponse, status: number, message: string, headers?: HeadersInit) {
  return send(req, res, Response.json({ error: { message } }, { status, headers }));
}

// The answer's status and headers, with the API's security headers; each cookie its own header.
function setHead(res: ServerResponse, response: Response) {
  res.statusCode = response.status;
  for (const header of SECURITY_HEADERS) res.setHeader(header.key, header.value);
  for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
}

async function send(req: IncomingMessage, res: ServerResponse, response: Response) {
  let body = Buffer.from(await response.arrayBuffer());
  setHead(res, response);
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

// A live stream (server-sent events): written as it comes, never compressed or buffered. When the client
// goes away the request's signal aborts (toRequest), which ends the subscription behind the stream.
// The connection closes with the stream: the client opens a new one to resume anyway, and a server
// shutting down is not kept waiting for idle sockets.
async function stream(res: ServerResponse, response: Response) {
  setHead(res, response);
  res.setHeader("connection", "close");
  res.flushHeaders();
  const reader = response.body!.getReader();
  res.once("close", () => void reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      res.write(value);
    }
  } finally {
    res.end();
  }
}

const isEventStream = (response: Response) =>
  response.body !== null && (response.headers.get("content-type") ?? "").startsWith("text/event-stream");

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
    req.resume();
    return json(req, res, 405, "Use GET for queries and POST for mutations.", { allow: [...METHODS].join(", ") });
  }
  // A Host header no URL can be made from.
  const url = urlOf(req);
  if (!url) return json(req, res, 400, "The request URL is malformed.");
  try {
    const request = await toRequest(req, res, url);
    if (!request) {
      // The rest of the body is not read: the connection closes once the answer is out.
      return json(req, res, 413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`, { connection: "close" });
    }
    const response = req.method === "OPTIONS" ? preflight(request) : await handleTrpc(request);
    await (isEventStream(response) ? stream(res, response) : send(req, res, response));
  } catch (error) {
    // tRPC answers every error of a procedure itself; this is the transport failing.
    logger.error({ err: error }, "tRPC request failed");
    if (!res.headersSent) await json(req, res, 500, "Internal server error");
    else res.destroy();
  }
}
