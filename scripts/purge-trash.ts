// `npm run jobs:purge-trash`: the trash purge from the command line (a Render cron job runs this).
import { env } from "~/env.mjs";
import { closeDb, createDb } from "~/server/db";
import { runPurgeTrash } from "~/server/jobs/purge-trash";

if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set.");
  process.exit(1);
}
const db = createDb(env.DATABASE_URL, { max: 1 });
try {
  console.log(JSON.stringify(await runPurgeTrash(db)));
} finally {
  await closeDb(db);
}
