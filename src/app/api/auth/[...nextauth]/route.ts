import type { NextRequest } from "next/server";
import { handlers } from "~/auth";
import { clientIp, limitBoth, rateLimiters } from "~/server/ratelimit";

export const { GET } = handlers;

// Password sign-in is limited to 5 attempts a minute per IP and per email, before Auth.js runs.
export async function POST(req: NextRequest) {
  if (req.nextUrl.pathname.endsWith("/callback/credentials")) {
    const form = await req
      .clone()
      .formData()
      .catch(() => null);
    const email = form?.get("email");
    const limit = await limitBoth(
      rateLimiters().login,
      clientIp(req.headers),
      typeof email === "string" ? email : null,
    );
    if (!limit.success) {
      const url = new URL(`/sign-in?error=CredentialsSignin&code=rate_limited`, req.nextUrl.origin).toString();
      return Response.json(
        { error: `Too many sign-in attempts. Try again in ${limit.retryAfterSeconds} s.`, url },
        { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
      );
    }
  }
  return handlers.POST(req);
}
