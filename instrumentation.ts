// Server start-up hook: error tracking for the Node.js runtime, only when SENTRY_DSN is set.
// NEXT_RUNTIME is set by Next itself to tell the runtimes apart.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { initServerErrorTracking } = await import("~/server/observability");
    initServerErrorTracking();
  }
}
