import { afterAll, inject } from "vitest";
import { adminQuery, withDatabase } from "./db-admin";

// Each integration test file gets a database of its own, copied from the migrated template, so files
// can run in parallel and never see each other's rows. process.env is set before the file's imports
// run, so src/env.mjs and the Prisma client pick it up.
const info = inject("testDb");

if (info.mode === "server") {
  const name = `tm_test_${info.runId}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(info.adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${info.template}"`);
  process.env.DATABASE_URL = withDatabase(info.adminUrl, name);
  afterAll(async () => {
    const { db } = await import("~/server/db");
    await db.$disconnect().catch(() => undefined);
    await adminQuery(info.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
} else {
  // One embedded database for the whole run; files run one at a time and start from empty tables.
  process.env.DATABASE_URL = info.url;
  process.env.DATABASE_POOL_MAX = "1";
  // Its connections share one session, which cannot keep a connection's prepared statements.
  process.env.DATABASE_PREPARE = "false";
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: info.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
    );
    if (rows.length > 0) {
      await client.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} CASCADE`);
    }
  } finally {
    await client.end();
  }
  afterAll(async () => {
    const { db } = await import("~/server/db");
    await db.$disconnect().catch(() => undefined);
  });
}
