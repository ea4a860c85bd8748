// `npm run jobs:nightly-cleanup`: the nightly cleanup (old trash, expired sessions and email links) from
// the command line (a Render cron job runs this).
import { env } from "~/env.mjs";
import { closeDb, createDb } from "~/server/db";
import { runNightlyCleanup } from "~/server/jobs/nightly-cleanup";

if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set.");
  process.exit(1);
}
const db = createDb(env.DATABASE_URL, { max: 1 });
try {
  console.log(JSON.stringify(await runNightlyCleanup(db)));
} finally {
  await closeDb(db);
}
