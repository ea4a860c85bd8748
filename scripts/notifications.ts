// `npm run jobs:notifications`: due-date reminders and the batched notification email from the command
// line (a Render cron job runs this every 5 minutes).
import { env } from "~/env.mjs";
import { closeDb, createDb } from "~/server/db";
import { runNotificationJob } from "~/server/jobs/notifications";

if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set.");
  process.exit(1);
}
const db = createDb(env.DATABASE_URL, { max: 1 });
try {
  console.log(JSON.stringify(await runNotificationJob(db)));
} finally {
  await closeDb(db);
}
