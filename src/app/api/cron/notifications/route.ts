import { cronAuthorization } from "~/server/cron";
import { db } from "~/server/db";
import { runNotificationJob } from "~/server/jobs/notifications";

export const dynamic = "force-dynamic";
// A run stops claiming email batches after four minutes; the next run sends the rest.
export const maxDuration = 300;

// Every 5 minutes (vercel.json, render.yaml): due-date reminders and the batched notification email.
export async function GET(req: Request) {
  const refused = cronAuthorization(req.headers);
  if (refused) return refused;
  return Response.json(await runNotificationJob(db));
}
