import { env } from "~/env.mjs";
import type { Links } from "~/server/auth/accounts";

// Links in emails point at the public URL. Only in development may they follow the Host header:
// in production that header is whatever the person asking for a reset link sends.
export function emailLinks(headers: Headers): Links {
  if (env.APP_URL) return { appUrl: env.APP_URL.replace(/\/$/, "") };
  if (env.NODE_ENV === "production") {
    throw new Error("APP_URL is not set: email links need the app's public URL (see .env.example).");
  }
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? (host.startsWith("localhost") ? "http" : "https");
  return { appUrl: `${proto}://${host}` };
}
