import type http from "node:http";
import { closeLiveStreams } from "~/server/live/feed";
import { logger } from "~/server/logger";

/** Requests still running get this long after SIGTERM; Render allows 30 s before it kills the process. */
export const SHUTDOWN_GRACE_MS = 10_000;

// SIGTERM (a deploy or a scale-down on Render) or SIGINT: stop taking connections, end every live
// stream with a retryable error so its client reconnects to another instance from its last event,
// let other requests finish, then exit.
export function shutdownOnSignal(server: http.Server, onStop?: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    closeLiveStreams();
    server.close(() => {
      void (onStop?.() ?? Promise.resolve()).finally(() => process.exit(0));
    });
    // Connections that finish their request from now on close too, rather than idling open.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 200).unref();
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
