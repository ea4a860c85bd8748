// `npm run db:backup`: the backup job from the command line (a Render cron job runs this).
import { env } from "~/env.mjs";
import { closeDb, createDb } from "~/server/db";
import { runBackup } from "~/server/jobs/backup";

if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set.");
  process.exit(1);
}
const db = createDb(env.DATABASE_URL, { max: 2 });
try {
  const summary = await runBackup(db);
  console.log(JSON.stringify(summary, null, 2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDb(db);
}
