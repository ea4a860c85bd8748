import { db } from "~/server/db";
import { detailedHealth } from "~/server/health";
import { getRedis } from "~/server/redis";

export const dynamic = "force-dynamic";

// 200 while the database answers (Redis down only degrades the service); 503 when it does not, so a
// load balancer takes the instance out.
export async function GET() {
  const health = await detailedHealth(db, getRedis());
  return Response.json(health, {
    status: health.services.database === "healthy" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
