import { cronAuthorization } from "~/server/cron";
import { db } from "~/server/db";
import { runPurgeTrash } from "~/server/jobs/purge-trash";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const refused = cronAuthorization(req.headers);
  if (refused) return refused;
  return Response.json(await runPurgeTrash(db));
}
