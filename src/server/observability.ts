import * as Sentry from "@sentry/nextjs";
import { env } from "~/env.mjs";

let started = false;

// Sentry is inert unless SENTRY_DSN is set: nothing is initialised and nothing is sent.
export function initServerErrorTracking(dsn = env.SENTRY_DSN) {
  if (!dsn || started) return;
  Sentry.init({
    dsn,
    environment: env.NODE_ENV,
    tracesSampleRate: 0,
  });
  started = true;
}

export function reportError(error: unknown, context: { requestId: string; path?: string }) {
  if (!started) return;
  Sentry.withScope((scope) => {
    scope.setTag("request_id", context.requestId);
    if (context.path) scope.setTag("procedure", context.path);
    Sentry.captureException(error);
  });
}

export function flushErrors(timeoutMs = 2_000) {
  return started ? Sentry.flush(timeoutMs) : Promise.resolve(true);
}
