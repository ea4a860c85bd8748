import { cronAuthorization } from "~/server/cron";
import { db } from "~/server/db";
import { AppError, HTTP_STATUS } from "~/server/errors";
import { runBackup } from "~/server/jobs/backup";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const refused = cronAuthorization(req.headers);
  if (refused) return refused;
  try {
    return Response.json(await runBackup(db));
  } catch (error) {
    // Another run holds the lock (409), or no durable storage is configured (503).
    if (error instanceof AppError) return Response.json({ error: error.message }, { status: HTTP_STATUS[error.code] });
    throw error;
  }
}
