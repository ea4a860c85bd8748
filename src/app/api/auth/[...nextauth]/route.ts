import { NextRequest } from "next/server";
import { handlers } from "~/auth";
import { readRequestBody } from "~/server/http/read-body";
import { clientIp } from "~/server/client-address";
import { limitBoth, rateLimiters } from "~/server/ratelimit";

export const { GET } = handlers;

/** Auth.js's forms are a few hundred bytes; anything near this is not one of them. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

// The credentials as Auth.js will read them (@auth/core's getBody): JSON when the content type
// mentions JSON, else a urlencoded form, where a repeated field counts by its last value.
function credentialsOf(contentType: string | null, body: Uint8Array): Record<string, unknown> | null {
  const text = new TextDecoder().decode(body);
  if (contentType?.includes("application/json")) {
    try {
      const value: unknown = JSON.parse(text);
      return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  return null;
}

// Every POST is read once, up to MAX_AUTH_BODY_BYTES, before Auth.js parses it. A password sign-in
// is limited to RATE_LIMIT_LOGIN_MAX attempts a minute per client address and per account, whatever
// the body's encoding, before Auth.js runs.
export async function POST(req: NextRequest) {
  const body = await readRequestBody(req, MAX_AUTH_BODY_BYTES);
  if (!body) {
    return Response.json(
      { error: `The request body is larger than ${MAX_AUTH_BODY_BYTES} bytes.` },
      { status: 413, headers: { connection: "close" } },
    );
  }
  if (req.nextUrl.pathname.endsWith("/callback/credentials")) {
    const credentials = credentialsOf(req.headers.get("content-type"), body);
    const limit = await limitBoth(rateLimiters().login, clientIp(req.headers), credentials?.email);
    if (!limit.success) {
      const url = new URL(`/sign-in?error=CredentialsSignin&code=rate_limited`, req.nextUrl.origin).toString();
      return Response.json(
        { error: `Too many sign-in attempts. Try again in ${limit.retryAfterSeconds} s.`, url },
        { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
      );
    }
  }
  return handlers.POST(new NextRequest(req.url, { method: "POST", headers: req.headers, body }));
}
