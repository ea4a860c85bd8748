import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminQuery as query, runCommand, withDatabase, type RunResult } from "../../tests/db-admin";
import { startPglite } from "../pglite/server.mjs";

// The Prisma CLI driven through scripts/prisma.mjs with the wasm schema engine drop-in, on a toy
// project in a temporary directory, against a throwaway database on the PostgreSQL server
// (TEST_DATABASE_URL, else the local one) and against PGlite served by pglite-socket.

const ROOT = path.resolve(import.meta.dirname, "../..");
const WRAPPER = path.join(ROOT, "scripts/prisma.mjs");
const ENGINE = path.join(import.meta.dirname, "schema-engine.mjs");
const require = createRequire(import.meta.url);
// The engine commit this Prisma CLI was released with, as the CLI itself finds it.
const fromEngines = createRequire(createRequire(require.resolve("prisma/package.json")).resolve("@prisma/engines"));
const { enginesVersion } = fromEngines("@prisma/engines-version") as { enginesVersion: string };

const SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

type Run = RunResult;

function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string | undefined> }) {
  return runCommand(command, args, { cwd: options.cwd, env: { CHECKPOINT_DISABLE: "1", ...options.env } });
}

async function reachable(url: string): Promise<boolean> {
  return query(url, "SELECT 1").then(
    () => true,
    () => false,
  );
}

const SCHEMA = `
datasource db {
  provider = "postgresql"
}

enum Kind {
  PERSON
  TEAM
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  kind  Kind   @default(PERSON)
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])

  @@index([authorId])
}
`;

// A hand-written migration with what adapter-pg alone gets wrong: a CHECK constraint (the engine reads
// pg_constraint.contype, a one-byte "char") and a function body with semicolons in dollar quotes.
const EXTRAS_SQL = `
ALTER TABLE "User" ADD CONSTRAINT "User_email_has_at" CHECK (position('@' in email) > 1);

CREATE FUNCTION "post_title_trim"() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.title := btrim(NEW.title); -- a semicolon inside the body;
  RETURN NEW;
END;
$body$;

CREATE TRIGGER "Post_title_trim" BEFORE INSERT OR UPDATE ON "Post" FOR EACH ROW EXECUTE FUNCTION "post_title_trim"();
`;

type Toy = {
  dir: string;
  /** Runs `prisma <args>` in the toy project through the wrapper, with the drop-in engine. */
  prisma(args: string[], env?: Record<string, string | undefined>): Promise<Run>;
  migrations(): string[];
  cleanup(): void;
};

// A project of its own: prisma.config.ts takes the URLs from TOY_URL / TOY_SHADOW_URL.
function toyProject(urls: { url: string; shadowUrl?: string }): Toy {
  const dir = mkdtempSync(path.join(os.tmpdir(), "prisma-engine-"));
  // prisma.config.ts imports prisma/config.
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "junction");
  writeFileSync(
    path.join(dir, "prisma.config.ts"),
    `import { defineConfig } from "prisma/config";
export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.TOY_URL ?? "", shadowDatabaseUrl: process.env.TOY_SHADOW_URL },
});
`,
  );
  writeFileSync(path.join(dir, "schema.prisma"), SCHEMA);
  return {
    dir,
    prisma: (args, env = {}) =>
      run(process.execPath, [WRAPPER, ...args], {
        cwd: dir,
        env: {
          // The drop-in even where a native engine is installed: it is what is under test.
          PRISMA_SCHEMA_ENGINE_BINARY: ENGINE,
          TOY_URL: urls.url,
          TOY_SHADOW_URL: urls.shadowUrl,
          ...env,
        },
      }),
    migrations: () =>
      existsSync(path.join(dir, "migrations"))
        ? readdirSync(path.join(dir, "migrations"))
            .filter((name) => name !== "migration_lock.toml")
            .sort()
        : [],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function addExtrasMigration(toy: Toy) {
  const dir = path.join(toy.dir, "migrations", "29990101000000_extras");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), EXTRAS_SQL);
}

function writeDriftedSchema(toy: Toy): string {
  const file = path.join(toy.dir, "drifted.prisma");
  writeFileSync(file, `${SCHEMA}\nmodel Label {\n  id   Int    @id\n  name String\n}\n`);
  return file;
}

const output = (result: Run) => `exit ${result.code}\n${result.stdout}\n${result.stderr}`;

async function tables(url: string): Promise<string[]> {
  const rows = await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
  // Sorted here: ORDER BY would follow the database's collation.
  return rows.map((row) => row.tablename).sort();
}

const timings: Record<string, number> = {};
afterAll(() => {
  if (Object.keys(timings).length) console.log("prisma CLI timings (ms):", JSON.stringify(timings));
});

describe("the schema-engine drop-in, on its own", () => {
  it("answers --version like the native engine, with the engine commit", async () => {
    const result = await run(ENGINE, ["--version"], {});
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`schema-engine-cli ${enginesVersion.split(".").pop()}`);
  });

  it("reports a missing database as P1003 on stderr, in the JSON lines the CLI parses", async ({ skip }) => {
    const url = withDatabase(SERVER_URL, `missing_${randomBytes(4).toString("hex")}`);
    if (!(await reachable(SERVER_URL))) skip();
    const result = await run(ENGINE, ["--datasource", JSON.stringify({ url }), "cli", "can-connect-to-database"], {});
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    // The CLI skips the first line and JSON.parses the others.
    const lines = result.stderr.trim().split("\n").slice(1);
    const events = lines.map(
      (line) => JSON.parse(line) as { level: string; target: string; fields: Record<string, unknown> },
    );
    const error = events.find((event) => event.level === "ERROR" && event.target === "schema_engine::logger");
    expect(error?.fields.error_code).toBe("P1003");
  });
});

describe("scripts/prisma.mjs", () => {
  it("uses the drop-in only where the native engine is missing", async () => {
    const enginesDir = path.dirname(require.resolve("@prisma/engines/package.json"));
    const native = readdirSync(enginesDir).some((file) => /^schema-engine-[\w.-]+$/.test(file));
    const result = await run(process.execPath, [WRAPPER, "--version"], {
      env: { PRISMA_SCHEMA_ENGINE_BINARY: undefined },
    });
    expect(result.code, output(result)).toBe(0);
    const line = result.stdout.split("\n").find((l) => l.startsWith("Schema Engine")) ?? "";
    if (native) expect(line).not.toContain("PRISMA_SCHEMA_ENGINE_BINARY");
    else {
      expect(line).toContain(`schema-engine-cli ${enginesVersion.split(".").pop()}`);
      expect(line).toContain("resolved by PRISMA_SCHEMA_ENGINE_BINARY");
    }
  });

  it("generates a client without downloading anything", async () => {
    const toy = toyProject({ url: "" });
    try {
      writeFileSync(
        path.join(toy.dir, "schema.prisma"),
        `generator client {\n  provider = "prisma-client"\n  output   = "./generated"\n}\n${SCHEMA}`,
      );
      const result = await toy.prisma(["generate"], { PRISMA_SCHEMA_ENGINE_BINARY: undefined });
      expect(result.code, output(result)).toBe(0);
      expect(existsSync(path.join(toy.dir, "generated/client.ts"))).toBe(true);
    } finally {
      toy.cleanup();
    }
  });

  it("passes the exit code through", async () => {
    const result = await run(process.execPath, [WRAPPER, "no-such-command"], {});
    expect(result.code).not.toBe(0);
  });
});

describe("Prisma Migrate on PostgreSQL", () => {
  const name = `se_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const url = withDatabase(SERVER_URL, name);
  const shadowUrl = withDatabase(SERVER_URL, `${name}_shadow`);
  let toy: Toy;
  let available = false;

  beforeAll(async () => {
    available = await reachable(SERVER_URL);
    if (!available) {
      if (process.env.CI === "true") throw new Error(`No PostgreSQL at ${SERVER_URL} (TEST_DATABASE_URL).`);
      console.warn(`Skipping the PostgreSQL server tests: nothing answers at ${SERVER_URL}.`);
      return;
    }
    // The main database is left for `migrate dev` to create; the configured shadow one must exist.
    await query(SERVER_URL, `CREATE DATABASE "${name}_shadow"`);
    // Something the engine must clear away before it replays the migrations there.
    await query(shadowUrl, "CREATE TABLE leftover (id int)");
    toy = toyProject({ url, shadowUrl });
  });

  afterAll(async () => {
    toy?.cleanup();
    if (!available) return;
    for (const database of [name, `${name}_shadow`]) {
      await query(SERVER_URL, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    }
  });

  it("migrate dev --name init creates the database, the migration and the tables", async ({ skip }) => {
    if (!available) skip();
    const result = await toy.prisma(["migrate", "dev", "--name", "init"]);
    timings["pg: migrate dev"] = result.ms;
    expect(result.code, output(result)).toBe(0);
    expect(toy.migrations()).toEqual([expect.stringMatching(/^\d{14}_init$/)]);
    expect(readFileSync(path.join(toy.dir, "migrations", toy.migrations()[0]!, "migration.sql"), "utf8")).toContain(
      'CREATE TABLE "Post"',
    );
    expect(await tables(url)).toEqual(["Post", "User", "_prisma_migrations"]);
    // The configured shadow database was used: emptied first (its leftover table would have read as
    // drift), and reset by the engine when done.
    expect(await tables(shadowUrl)).toEqual([]);
  });

  it("migrate deploy applies a hand-written migration whole", async ({ skip }) => {
    if (!available) skip();
    addExtrasMigration(toy);
    const result = await toy.prisma(["migrate", "deploy"]);
    timings["pg: migrate deploy (1 migration)"] = result.ms;
    expect(result.code, output(result)).toBe(0);
    const applied = await query<{ migration_name: string }>(
      url,
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL",
    );
    expect(applied.map((row) => row.migration_name).sort()).toEqual(toy.migrations());
    await query(url, `INSERT INTO "User" (email) VALUES ('a@example.com')`);
    const [post] = await query<{ title: string }>(
      url,
      `INSERT INTO "Post" (title, "authorId") SELECT '  padded  ', id FROM "User" RETURNING title`,
    );
    expect(post?.title).toBe("padded");
    await expect(query(url, `INSERT INTO "User" (email) VALUES ('no-at-sign')`)).rejects.toThrow(/User_email_has_at/);

    const again = await toy.prisma(["migrate", "deploy"]);
    timings["pg: migrate deploy (nothing to do)"] = again.ms;
    expect(again.code, output(again)).toBe(0);
    expect(again.stdout).toContain("No pending migrations to apply");
  });

  it("migrate status reports the history as up to date", async ({ skip }) => {
    if (!available) skip();
    const result = await toy.prisma(["migrate", "status"]);
    expect(result.code, output(result)).toBe(0);
    expect(result.stdout).toContain("Database schema is up to date");
  });

  it("migrate diff --exit-code is 0 in sync and 2 on drift, with a throwaway shadow database", async ({ skip }) => {
    if (!available) skip();
    const shadowDbs = () =>
      query<{ datname: string }>(
        SERVER_URL,
        "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
      );
    const before = (await shadowDbs()).length;
    // No shadowDatabaseUrl: the engine creates one beside the main database, and drops it.
    const inSync = await toy.prisma(
      ["migrate", "diff", "--from-migrations", "migrations", "--to-schema", "schema.prisma", "--exit-code"],
      { TOY_SHADOW_URL: undefined },
    );
    timings["pg: migrate diff --from-migrations"] = inSync.ms;
    expect(inSync.code, output(inSync)).toBe(0);
    expect(inSync.stdout).toContain("No difference detected");
    expect((await shadowDbs()).length).toBe(before);

    const drifted = await toy.prisma([
      "migrate",
      "diff",
      "--from-migrations",
      "migrations",
      "--to-schema",
      writeDriftedSchema(toy),
      "--exit-code",
    ]);
    expect(drifted.code, output(drifted)).toBe(2);
    expect(drifted.stdout).toMatch(/\[\+\] Added tables\n\s+- Label/);

    const script = await toy.prisma([
      "migrate",
      "diff",
      "--from-config-datasource",
      "--to-schema",
      "drifted.prisma",
      "--script",
    ]);
    expect(script.code, output(script)).toBe(0);
    expect(script.stdout).toContain('CREATE TABLE "Label"');
  });

  it("refuses a shadow database that is the main database, and leaves it alone", async ({ skip }) => {
    if (!available) skip();
    const result = await toy.prisma(
      ["migrate", "diff", "--from-migrations", "migrations", "--to-schema", "schema.prisma", "--exit-code"],
      { TOY_SHADOW_URL: url.replace("127.0.0.1", "localhost") },
    );
    expect(result.code).toBe(1);
    expect(output(result)).toContain("appears to be the same as the main database");
    expect(await query(url, `SELECT 1 FROM "User"`)).toHaveLength(1);
  });

  it("migrate reset --force empties the database and replays the migrations", async ({ skip }) => {
    if (!available) skip();
    const result = await toy.prisma(["migrate", "reset", "--force"]);
    timings["pg: migrate reset"] = result.ms;
    expect(result.code, output(result)).toBe(0);
    expect(await query(url, `SELECT 1 FROM "User"`)).toHaveLength(0);
    expect(await tables(url)).toEqual(["Post", "User", "_prisma_migrations"]);
    const applied = await query(url, "SELECT 1 FROM _prisma_migrations WHERE finished_at IS NOT NULL");
    expect(applied).toHaveLength(2);
  });
});

describe("Prisma Migrate on PGlite (pglite-socket)", () => {
  let main: Awaited<ReturnType<typeof startPglite>>;
  let shadow: Awaited<ReturnType<typeof startPglite>>;
  let toy: Toy;

  beforeAll(async () => {
    // pglite-socket serves one database under any name: migrate dev needs a second PGlite as shadow.
    [main, shadow] = await Promise.all([startPglite({}), startPglite({})]);
    toy = toyProject({ url: main.url, shadowUrl: shadow.url });
  });

  afterAll(async () => {
    toy?.cleanup();
    await Promise.all([main?.close(), shadow?.close()]);
  });

  it("migrate dev --name init", async () => {
    const result = await toy.prisma(["migrate", "dev", "--name", "init"]);
    timings["pglite: migrate dev"] = result.ms;
    expect(result.code, output(result)).toBe(0);
    expect(toy.migrations()).toEqual([expect.stringMatching(/^\d{14}_init$/)]);
    expect(await tables(main.url)).toEqual(["Post", "User", "_prisma_migrations"]);
  });

  it("migrate deploy, status", async () => {
    addExtrasMigration(toy);
    const deploy = await toy.prisma(["migrate", "deploy"]);
    timings["pglite: migrate deploy (1 migration)"] = deploy.ms;
    expect(deploy.code, output(deploy)).toBe(0);
    const constraints = await query<{ conname: string }>(
      main.url,
      "SELECT conname FROM pg_constraint WHERE contype = 'c'",
    );
    expect(constraints.map((row) => row.conname)).toContain("User_email_has_at");

    const status = await toy.prisma(["migrate", "status"]);
    expect(status.code, output(status)).toBe(0);
    expect(status.stdout).toContain("Database schema is up to date");
  });

  it("migrate diff --exit-code: 0 in sync, 2 on drift", async () => {
    const args = ["migrate", "diff", "--from-migrations", "migrations", "--exit-code", "--to-schema"];
    const inSync = await toy.prisma([...args, "schema.prisma"]);
    timings["pglite: migrate diff --from-migrations"] = inSync.ms;
    expect(inSync.code, output(inSync)).toBe(0);
    const drifted = await toy.prisma([...args, writeDriftedSchema(toy)]);
    expect(drifted.code, output(drifted)).toBe(2);
  });

  it("will not make a shadow database on the main PGlite, which would be the main database", async () => {
    await query(main.url, `INSERT INTO "User" (email) VALUES ('kept@example.com')`);
    const result = await toy.prisma(
      ["migrate", "diff", "--from-migrations", "migrations", "--to-schema", "schema.prisma", "--exit-code"],
      { TOY_SHADOW_URL: undefined },
    );
    expect(result.code).toBe(1);
    expect(output(result)).toContain("serves one database under every name");
    expect(await query(main.url, `SELECT 1 FROM "User"`)).toHaveLength(1);
  });

  it("migrate reset --force", async () => {
    const result = await toy.prisma(["migrate", "reset", "--force"]);
    timings["pglite: migrate reset"] = result.ms;
    expect(result.code, output(result)).toBe(0);
    expect(await query(main.url, `SELECT 1 FROM "User"`)).toHaveLength(0);
    expect(await tables(main.url)).toEqual(["Post", "User", "_prisma_migrations"]);
  });
});
