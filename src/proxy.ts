import { NextResponse, type NextRequest } from "next/server";
import { env } from "~/env.mjs";
import { apiSecurityHeaders } from "~/lib/api-headers.mjs";
import { requestIdFrom } from "~/lib/request-id";
import { bucketOrigin } from "~/server/attachments/bucket-url";

// With attachments in a bucket, the browser uploads to it and loads thumbnails from it (after the
// app's redirect): its origin joins connect-src and img-src.
const bucket = env.S3_BUCKET
  ? ` ${bucketOrigin({ bucket: env.S3_BUCKET, region: env.S3_REGION, endpoint: env.S3_ENDPOINT, forcePathStyle: env.S3_FORCE_PATH_STYLE })}`
  : "";

// Scripts need this request's nonce ('strict-dynamic' lets Next's own chunks load). Styles allow
// inline because the UI libraries (toasts, drag and drop, colour swatches) set style attributes and
// inject style tags at run time; scripts are where injection matters, and they are locked down.
function contentSecurityPolicy(nonce: string): string {
  const dev = env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' blob: data:${bucket}`,
    "font-src 'self'",
    `connect-src 'self'${bucket}${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(env.NODE_ENV === "production" ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

// The API's list, with the page's own policy in place of the API's `default-src 'none'`.
function securityHeaders(headers: Headers, csp: string) {
  for (const { key, value } of apiSecurityHeaders(env.NODE_ENV === "production")) headers.set(key, value);
  headers.set("Content-Security-Policy", csp);
}

// Every page: a request id (the caller's, when well formed) and the security headers with a fresh
// script nonce. API routes skip the proxy (their headers come from next.config.mjs and the tRPC route),
// which keeps the hot API path free of per-request proxy work.
export function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers);
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-request-id", requestId);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("x-request-id", requestId);
  securityHeaders(response.headers, csp);
  return response;
}

// Prefetches included: a prefetched page is a page response like any other and carries the same headers.
// The files in public/ (~/lib/public-files.mjs) get theirs from next.config.mjs. Next reads the matcher
// without running this module, so it is written out; a unit test compares it with the list.
export const config = {
  matcher: [
    "/((?!api/|_next/static|_next/image|(?:favicon\\.ico|icon\\.svg|icon-192\\.png|icon-512\\.png|icon-maskable-512\\.png|apple-touch-icon\\.png|manifest\\.webmanifest|robots\\.txt)$).*)",
  ],
};
