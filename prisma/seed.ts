import { closeDb, createDb } from "~/server/db";
import { env } from "~/env.mjs";
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from "~/server/demo/seed";

if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set; nothing to seed.");
  process.exit(1);
}
const db = createDb(env.DATABASE_URL, { max: 2 });
try {
  const result = await seedDemo(db);
  console.log(
    result.created
      ? `Seeded the demo workspace with ${result.tasks} tasks. Sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}`
      : `Demo data already present (${result.tasks} tasks); nothing changed.`,
  );
} finally {
  await closeDb(db);
}
