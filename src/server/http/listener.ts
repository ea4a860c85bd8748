import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "~/env.mjs";
import { resolveClientAddress } from "~/server/client-address";
import { isTrpcPath, serveTrpc } from "./node";

// The production server's trust boundary, applied to every request before any handler sees it:
// X-Forwarded-For becomes the one client address resolved from the socket and TRUSTED_PROXY_HOPS, so
// the limits, session records and logs behind it (which read the rightmost entry) cannot be steered by
// the client. With no trusted proxy, X-Forwarded-Host, -Proto and -Port came from the client and are
// dropped; X-Real-IP is never read, and is dropped too.
export function trustForwardedHeaders(req: IncomingMessage, trustedHops = env.TRUSTED_PROXY_HOPS): void {
  req.headers["x-forwarded-for"] = resolveClientAddress(
    req.headers["x-forwarded-for"],
    req.socket.remoteAddress,
    trustedHops,
  );
  delete req.headers["x-real-ip"];
  if (trustedHops === 0) {
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
    delete req.headers["x-forwarded-port"];
  }
}

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** `npm start`'s request listener: /api/trpc answered directly, everything else by Next. */
export function requestListener(handleNext: Handler, options: { trustedHops?: number } = {}) {
  return (req: IncomingMessage, res: ServerResponse) => {
    trustForwardedHeaders(req, options.trustedHops);
    if (isTrpcPath(req.url)) void serveTrpc(req, res);
    else void handleNext(req, res);
  };
}
