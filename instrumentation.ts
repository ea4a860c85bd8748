// Server start-up hook for the Node.js runtime: error tracking (only when SENTRY_DSN is set), and a
// warning when email delivery is off.
// NEXT_RUNTIME is set by Next itself to tell the runtimes apart.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { initServerErrorTracking } = await import("~/server/observability");
    initServerErrorTracking();
    const { warnIfMailIsOff } = await import("~/server/mail/delivery");
    warnIfMailIsOff();
  }
}
