import { describe, expect, it } from "vitest";
import { embeddedDatabase, runPrisma } from "../tests/db-admin";

// The schema and the migrations must describe the same database: replaying prisma/migrations and
// diffing against prisma/schema.prisma must find nothing (exit code 0; 2 would mean drift).
describe("migrations", () => {
  it("match the schema, with no drift", async () => {
    let shadow: { url: string; close(): Promise<void> } | null = null;
    const env: Record<string, string | undefined> = { DATABASE_URL: process.env.DATABASE_URL };
    if (embeddedDatabase()) {
      // The embedded server has one database; replaying needs a throwaway one beside it.
      const { startPglite } = await import("../tools/pglite/server.mjs");
      shadow = await startPglite({});
      env.SHADOW_DATABASE_URL = shadow.url;
    }
    try {
      const result = await runPrisma(
        [
          "migrate",
          "diff",
          "--from-migrations",
          "prisma/migrations",
          "--to-schema",
          "prisma/schema.prisma",
          "--exit-code",
        ],
        env,
      );
      const output = result.stdout + result.stderr;
      expect(output).not.toMatch(/\[\+\]|\[-\]|\[\*\]/);
      expect(result.code, output).toBe(0);
    } finally {
      await shadow?.close();
    }
  });

  it("report applied migrations as up to date", async () => {
    const result = await runPrisma(["migrate", "status"], { DATABASE_URL: process.env.DATABASE_URL });
    expect(result.stdout).toContain("Database schema is up to date");
    expect(result.code).toBe(0);
  });
});
