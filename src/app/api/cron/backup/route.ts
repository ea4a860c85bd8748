import { cronAuthorization } from "~/server/cron";
import { db } from "~/server/db";
import { AppError } from "~/server/errors";
import { runBackup } from "~/server/jobs/backup";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const refused = cronAuthorization(req.headers);
  if (refused) return refused;
  try {
    return Response.json(await runBackup(db));
  } catch (error) {
    if (error instanceof AppError && error.code === "CONFLICT") {
      return Response.json({ error: error.message }, { status: 409 });
    }
    if (error instanceof AppError && error.code === "SERVICE_UNAVAILABLE") {
      return Response.json({ error: error.message }, { status: 503 });
    }
    throw error;
  }
}
