import type { TestProject } from "vitest/node";
import { adminQuery, canConnect, migrateDeploy, withDatabase } from "./db-admin";

export type TestDbInfo =
  | { mode: "server"; adminUrl: string; template: string; runId: string }
  | { mode: "embedded"; url: string; runId: string };

declare module "vitest" {
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    testDb: TestDbInfo;
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}

// Migrates one template database per run; each test file then gets its own copy (tests/setup-db.ts).
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

  if (base) {
    if (!(await canConnect(base))) {
      throw new Error(`Cannot reach PostgreSQL at ${redact(base)} (from TEST_DATABASE_URL / DATABASE_URL).`);
    }
    const template = `tm_test_${runId}_tmpl`;
    await adminQuery(base, `CREATE DATABASE "${template}"`);
    await migrateDeploy(withDatabase(base, template));
    project.provide("testDb", { mode: "server", adminUrl: base, template, runId });
    return async () => {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        const { rows } = await client.query<{ datname: string }>(
          "SELECT datname FROM pg_database WHERE datname LIKE $1",
          [`tm_test_${runId}_%`],
        );
        for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    };
  }

  if (process.env.CI === "true") {
    throw new Error(
      "CI=true: set TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server; CI never uses the embedded one.",
    );
  }
  const { startPglite } = await import("../tools/pglite/server.mjs");
  const pglite = await startPglite({});
  console.log(
    `No TEST_DATABASE_URL/DATABASE_URL: integration tests use an embedded PostgreSQL (PGlite) at ${pglite.url}`,
  );
  await migrateDeploy(pglite.url);
  project.provide("testDb", { mode: "embedded", url: pglite.url, runId });
  return () => pglite.close();
}
