import { describe, expect, it } from "vitest";
import { runPrisma } from "../tests/db-admin";

// Replaying the migrations and reading the result back takes a real PostgreSQL: against the embedded
// PGlite the wasm schema engine's catalog reader panics now and then. Without a server the drift check
// is skipped with this reason; CI always has one (tests/global-setup.ts refuses to run CI without it).
const embedded = new URL(process.env.DATABASE_URL!).searchParams.get("sslmode") === "disable";
if (embedded) console.warn("Skipping the migration drift check: it needs a PostgreSQL server (set TEST_DATABASE_URL).");

// The schema and the migrations must describe the same database: replaying prisma/migrations and
// diffing against prisma/schema.prisma must find nothing (exit code 0; 2 would mean drift).
describe("migrations", () => {
  it.skipIf(embedded)("match the schema, with no drift", async () => {
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
      { DATABASE_URL: process.env.DATABASE_URL },
    );
    const output = result.stdout + result.stderr;
    expect(output).not.toMatch(/\[\+\]|\[-\]|\[\*\]/);
    expect(result.code, output).toBe(0);
  });

  it("report applied migrations as up to date", async () => {
    const result = await runPrisma(["migrate", "status"], { DATABASE_URL: process.env.DATABASE_URL });
    expect(result.stdout).toContain("Database schema is up to date");
    expect(result.code).toBe(0);
  });
});
