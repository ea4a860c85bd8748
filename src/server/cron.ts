import { timingSafeEqual } from "node:crypto";
import { env } from "~/env.mjs";

// Hosted cron (Vercel Cron, Render) calls with `Authorization: Bearer $CRON_SECRET`. Fails closed:
// no secret configured means no job runs. Compared in constant time; never read from the query string.
export function cronAuthorization(headers: Headers): Response | null {
  if (!env.CRON_SECRET) {
    return Response.json({ error: "CRON_SECRET is not configured." }, { status: 500 });
  }
  const given = Buffer.from(headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${env.CRON_SECRET}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return Response.json({ error: "Unauthorized" }, { status: 401 });
  }
  return null;
}
