// Browser errors go to Sentry only when NEXT_PUBLIC_SENTRY_DSN is set at build time; otherwise the SDK
// is not even loaded. (NEXT_PUBLIC_ variables are inlined by Next, so this one is read directly.)
const dsn = process.env.NEXT_PUBLIC_SENTRY_DSN;
if (dsn) {
  void import("@sentry/nextjs").then((Sentry) => Sentry.init({ dsn, tracesSampleRate: 0 }));
}
