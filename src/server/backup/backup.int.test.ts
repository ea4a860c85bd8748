import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type pg from "pg";
import { gunzipSync, gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedDatabase } from "../../../tests/db-admin";
import { damagedCopies, emptyTables, restoreTargets, tableDigests, withClient } from "../../../tests/restore-targets";

process.env.CRON_SECRET = "cron-secret-for-tests-0123456789";
// The cron route writes to BACKUP_DIR: a folder of this test's own.
const cronDir = await mkdtemp(path.join(os.tmpdir(), "tm-cron-backup-"));
process.env.BACKUP_DIR = cronDir;
const { db } = await import("~/server/db");
const { runBackup } = await import("~/server/jobs/backup");
const { RestoreRefused, restoreDatabase } = await import("./restore");
const { folderStorage } = await import("./storage");
const { GET } = await import("~/app/api/cron/backup/route");
const { callerFor, makeTeam } = await import("../../../tests/fixtures");
const { createApiToken } = await import("~/server/auth/api-tokens");

const embedded = embeddedDatabase();
if (embedded)
  console.warn("Skipping backup round trips: the embedded PostgreSQL cannot create databases (set TEST_DATABASE_URL).");
const run = promisify(execFile);
const targets = restoreTargets("r");
const freshTarget = () => targets.fresh();
const KEY = "signing-key-for-tests-0123456789abcdef";
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

// What a statement smuggled into a dump could change besides rows: tables, functions, recorded migrations.
async function databaseState(url: string) {
  const catalog = await withClient(url, async (c) => {
    const { rows } = await c.query(
      `SELECT (SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace) AS relations,
              (SELECT string_agg(proname, ',' ORDER BY proname) FROM pg_proc WHERE pronamespace = 'public'::regnamespace) AS functions,
              (SELECT count(*) FROM _prisma_migrations) AS migrations`,
    );
    return rows[0] as unknown;
  });
  return { tables: await tableDigests(url), catalog };
}

describe.skipIf(embedded)("backups", () => {
  let dir: string;
  let file: string;
  let name: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tm-backup-"));
    // Data of every kind: accounts, tokens, a workspace with members and invitations, tasks with
    // labels and subtasks, comments, activity, and text that tests the COPY escaping.
    const team = await makeTeam();
    const owner = callerFor(team.owner);
    const odd = "Ünïcødé ✓ 🚀 tab\there\nnew line \\ backslash 'quote' \"double\" \u00a0nbsp 中文";
    const parent = await owner.task.create({
      projectId: team.project.id,
      title: "Parent",
      description: odd,
      labelIds: [team.label.id],
    });
    // The API refuses tabs and line breaks in titles, but one stored by an older version may hold them.
    await db.task.update({ where: { id: parent.id }, data: { title: odd.slice(0, 120) } });
    await owner.task.create({ projectId: team.project.id, title: "Subtask", parentId: parent.id, status: "DONE" });
    await owner.comment.add({ taskId: parent.id, body: odd });
    await db.comment.create({ data: { taskId: parent.id, authorId: team.owner.id, body: "x".repeat(1_000_000) } });
    // An attachment's row (its file lives in the bucket, outside the database backup).
    await db.attachment.create({
      data: {
        workspaceId: team.workspace.id,
        projectId: team.project.id,
        taskId: parent.id,
        uploaderId: team.owner.id,
        name: odd.slice(0, 60),
        contentType: "text/plain",
        size: 42,
        storageKey: `attachments/${team.workspace.id}/backup${Date.now()}`,
        state: "READY",
        completedAt: new Date(),
      },
    });
    await owner.workspace.invite({ workspaceId: team.workspace.id, email: "later@example.test", role: "VIEWER" });
    await createApiToken(db, team.owner.id, { name: "ci", expiresAt: null });
    await db.session.create({
      data: { userId: team.owner.id, expires: new Date(Date.now() + 86_400_000), userAgent: odd },
    });
    await db.authToken.create({
      data: { userId: team.owner.id, purpose: "VERIFY_EMAIL", tokenHash: "h".repeat(64), expires: new Date() },
    });
    const summary = await runBackup(db, { dir });
    name = summary.manifest.file;
    file = path.join(dir, name);
    expect(summary.manifest.tables.comments).toBe(2);
    expect(summary.manifest.tables.attachments).toBeGreaterThanOrEqual(1);
  });

  afterAll(async () => {
    await targets.dropAll();
  });

  // A copy of the dump with its SQL edited, beside a manifest with the copy's own size and SHA-256: what
  // the copy contains, not its hash, decides whether a restore takes it.
  async function editedCopy(copy: string, edit: (sql: string) => string): Promise<string> {
    const sql = gunzipSync(await readFile(file)).toString("utf8");
    const edited = edit(sql);
    expect(edited).not.toBe(sql);
    const content = gzipSync(edited);
    await writeFile(path.join(dir, copy), content);
    const manifest = JSON.parse(await readFile(`${file}.json`, "utf8")) as Record<string, unknown>;
    await writeFile(
      path.join(dir, `${copy}.json`),
      JSON.stringify({ ...manifest, file: copy, bytes: content.length, sha256: sha256(content) }),
    );
    return copy;
  }

  it("restores into an empty database with every table identical, row by row", async () => {
    const target = await freshTarget();
    const result = await withClient(target, (c) => restoreDatabase(c, folderStorage(dir), name));
    expect(result.restored).toEqual(result.manifest.tables);
    expect(await tableDigests(target)).toEqual(await tableDigests(process.env.DATABASE_URL!));
  });

  it("restores with plain gunzip and psql too", async () => {
    const target = await freshTarget();
    await run("bash", ["-c", `gunzip -c "${file}" | psql --single-transaction -v ON_ERROR_STOP=1 -q "${target}"`]);
    expect(await tableDigests(target)).toEqual(await tableDigests(process.env.DATABASE_URL!));
  });

  it("refuses a corrupted or truncated archive before touching the target", async () => {
    const target = await freshTarget();
    const bytes = await readFile(file);
    for (const [name, content] of damagedCopies(bytes)) {
      const copy = path.join(dir, `${name}.sql.gz`);
      await writeFile(copy, content);
      await writeFile(`${copy}.json`, await readFile(`${file}.json`));
      const error = await withClient(target, (c) => restoreDatabase(c, folderStorage(dir), path.basename(copy))).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RestoreRefused);
      expect(String(error)).toMatch(/corrupted or truncated/);
    }
    expect(await emptyTables(target)).toBe(true);
  });

  it("refuses a non-empty target unless forced", async () => {
    const target = await freshTarget();
    await withClient(target, (c) => restoreDatabase(c, folderStorage(dir), name));
    await expect(withClient(target, (c) => restoreDatabase(c, folderStorage(dir), name))).rejects.toThrow(/not empty/);
    const forced = await withClient(target, (c) => restoreDatabase(c, folderStorage(dir), name, { force: true }));
    expect(forced.restored).toEqual(forced.manifest.tables);
  });

  it("leaves the target as it was when a restore fails half way", async () => {
    const target = await freshTarget();
    // A well-formed archive (matching manifest) whose last table holds a row PostgreSQL rejects: as many
    // fields as the table has columns, but not one of them valid.
    const copy = await editedCopy("half.sql.gz", (sql) =>
      sql.replace(/(COPY "activities" \(([^)]*)\) FROM stdin;\n)/, (block: string, _: string, list: string) => {
        return `${block}${list.split(", ").fill("not-valid").join("\t")}\n`;
      }),
    );
    await expect(withClient(target, (c) => restoreDatabase(c, folderStorage(dir), copy))).rejects.toThrow();
    expect(await emptyTables(target)).toBe(true);
  });

  it("refuses a dump holding anything but the statements a backup writes, naming the line, and changes nothing", async () => {
    const target = await freshTarget();
    const before = await databaseState(target);
    const setting = "SET client_encoding = 'UTF8';\n";
    const usersCopy = /^COPY "users" .*$/m;
    const cases: [string, (sql: string) => string, number, RegExp][] = [
      [
        "setting",
        (sql) => sql.replace(setting, `${setting}SET session_replication_role = replica;\n`),
        5,
        /SET session_replication_role/,
      ],
      [
        "semicolon",
        (sql) => sql.replace(setting, `${setting.trim()} CREATE TABLE intruder (id int);\n`),
        4,
        /intruder/,
      ],
      [
        "program",
        (sql) => sql.replace(usersCopy, (line) => line.replace("FROM stdin;", "FROM PROGRAM 'cat /dev/null';")),
        6,
        /FROM PROGRAM/,
      ],
      [
        "catalog",
        (sql) => sql.replace(usersCopy, (line) => `COPY "pg_authid" ("rolname") FROM stdin;\nintruder\n\\.\n\n${line}`),
        6,
        /"pg_authid", which is not a table a Taskmanager backup restores/,
      ],
      [
        "migrations",
        (sql) =>
          sql.replace(
            usersCopy,
            (line) =>
              'COPY "_prisma_migrations" ("id", "checksum", "migration_name", "applied_steps_count") FROM stdin;\n' +
              `intruder\t0\t99999999999999_intruder\t1\n\\.\n\n${line}`,
          ),
        6,
        /"_prisma_migrations", which is not a table/,
      ],
      ["drop", (sql) => sql.replace(usersCopy, (line) => `DROP TABLE users;\n${line}`), 6, /DROP TABLE users/],
      [
        "function",
        (sql) =>
          sql.replace(
            usersCopy,
            (line) => `CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS 'SELECT 1';\n${line}`,
          ),
        6,
        /CREATE FUNCTION/,
      ],
      ["column", (sql) => sql.replace(usersCopy, (line) => line.replace('"name"', '"nickname"')), 6, /"nickname"/],
    ];
    for (const [label, edit, line, problem] of cases) {
      const copy = await editedCopy(`taskmanager-${label}.sql.gz`, edit);
      const error = await withClient(target, (c) => restoreDatabase(c, folderStorage(dir), copy)).catch(
        (e: unknown) => e,
      );
      expect(error, label).toBeInstanceOf(RestoreRefused);
      expect(String(error), label).toMatch(new RegExp(`${copy}, line ${line}: `));
      expect(String(error), label).toMatch(problem);
      expect(await databaseState(target), label).toEqual(before);
    }
  });

  it("signs the manifest with a signing key, and with the key restores only a backup it signed", async () => {
    const signedDir = await mkdtemp(path.join(os.tmpdir(), "tm-signed-"));
    const storage = folderStorage(signedDir);
    const { manifest } = await runBackup(db, { dir: signedDir, signingKey: KEY });
    expect(manifest.signature).toMatch(/^[0-9a-f]{64}$/);
    const dumpPath = path.join(signedDir, manifest.file);
    const manifestPath = `${dumpPath}.json`;
    const [dump, written] = [await readFile(dumpPath), await readFile(manifestPath, "utf8")];
    expect(JSON.parse(written)).toEqual(manifest);

    const target = await freshTarget();
    const before = await databaseState(target);
    const refused = async (restore: (c: pg.Client) => Promise<unknown>, problem: RegExp) => {
      const error = await withClient(target, restore).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestoreRefused);
      expect(String(error)).toMatch(problem);
      expect(await databaseState(target)).toEqual(before);
    };
    const restoreSigned = (signingKey: string) => (c: pg.Client) =>
      restoreDatabase(c, storage, manifest.file, { signingKey });

    await refused(restoreSigned("another-signing-key-0123456789abcdef"), /does not match its signature/);
    const flipped = manifest.signature!.replace(/^./, (d) => (d === "0" ? "1" : "0"));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, signature: flipped }));
    await refused(restoreSigned(KEY), /does not match its signature/);
    await writeFile(manifestPath, JSON.stringify({ ...manifest, signature: undefined }));
    await refused(restoreSigned(KEY), /is not signed/);
    // Rows changed in the dump, its size and SHA-256 in the manifest to match: only the signature tells.
    const tampered = gzipSync(gunzipSync(dump).toString("utf8").replace("\tSubtask\t", "\tTampered\t"));
    expect(tampered.length).not.toBe(0);
    await writeFile(dumpPath, tampered);
    await writeFile(manifestPath, JSON.stringify({ ...manifest, bytes: tampered.length, sha256: sha256(tampered) }));
    await refused(restoreSigned(KEY), /does not match its signature/);
    // A signed manifest beside another dump.
    await writeFile(path.join(signedDir, "taskmanager-other.sql.gz"), dump);
    await writeFile(path.join(signedDir, "taskmanager-other.sql.gz.json"), written);
    await refused(
      (c) => restoreDatabase(c, storage, "taskmanager-other.sql.gz", { signingKey: KEY }),
      /belongs to taskmanager-/,
    );
    // The unsigned backup the other tests restore.
    await refused((c) => restoreDatabase(c, folderStorage(dir), name, { signingKey: KEY }), /is not signed/);

    await writeFile(dumpPath, dump);
    await writeFile(manifestPath, written);
    const result = await withClient(target, restoreSigned(KEY));
    expect(result.restored).toEqual(manifest.tables);
    expect(await tableDigests(target)).toEqual(await tableDigests(process.env.DATABASE_URL!));
  });

  it("cron route: 401 without or with a wrong secret, and one run when called twice at once", async () => {
    const call = (authorization?: string) =>
      GET(new Request("http://localhost/api/cron/backup", { headers: authorization ? { authorization } : {} }));
    expect((await call()).status).toBe(401);
    expect((await call("Bearer not-the-secret-at-all-000000")).status).toBe(401);
    expect(await readdir(cronDir)).toEqual([]);
    const [a, b] = await Promise.all([
      call("Bearer cron-secret-for-tests-0123456789"),
      call("Bearer cron-secret-for-tests-0123456789"),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const written = (await readdir(cronDir)).filter((f) => f.endsWith(".sql.gz"));
    expect(written).toHaveLength(1);
  });
});
