import { cronAuthorization } from "~/server/cron";
import { db } from "~/server/db";
import { runNightlyCleanup } from "~/server/jobs/nightly-cleanup";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const refused = cronAuthorization(req.headers);
  if (refused) return refused;
  return Response.json(await runNightlyCleanup(db));
}
