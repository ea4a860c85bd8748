import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
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
const { RestoreRefused, restoreDatabase } = await import("./dump");
const { localStorage } = await import("./storage");
const { GET } = await import("~/app/api/cron/backup/route");
const { callerFor, makeTeam } = await import("../../../tests/fixtures");
const { createApiToken } = await import("~/server/auth/api-tokens");

const embedded = embeddedDatabase();
if (embedded)
  console.warn("Skipping backup round trips: the embedded PostgreSQL cannot create databases (set TEST_DATABASE_URL).");
const run = promisify(execFile);
const targets = restoreTargets("r");
const freshTarget = () => targets.fresh();

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
      title: odd.slice(0, 120),
      description: odd,
      labelIds: [team.label.id],
    });
    await owner.task.create({ projectId: team.project.id, title: "Subtask", parentId: parent.id, status: "DONE" });
    await owner.comment.add({ taskId: parent.id, body: odd });
    await db.comment.create({ data: { taskId: parent.id, authorId: team.owner.id, body: "x".repeat(1_000_000) } });
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
  });

  afterAll(async () => {
    await targets.dropAll();
  });

  it("restores into an empty database with every table identical, row by row", async () => {
    const target = await freshTarget();
    const result = await withClient(target, (c) => restoreDatabase(c, localStorage(dir), name));
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
      const error = await withClient(target, (c) => restoreDatabase(c, localStorage(dir), path.basename(copy))).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RestoreRefused);
      expect(String(error)).toMatch(/corrupted or truncated/);
    }
    expect(await emptyTables(target)).toBe(true);
  });

  it("refuses a non-empty target unless forced", async () => {
    const target = await freshTarget();
    await withClient(target, (c) => restoreDatabase(c, localStorage(dir), name));
    await expect(withClient(target, (c) => restoreDatabase(c, localStorage(dir), name))).rejects.toThrow(/not empty/);
    const forced = await withClient(target, (c) => restoreDatabase(c, localStorage(dir), name, { force: true }));
    expect(forced.restored).toEqual(forced.manifest.tables);
  });

  it("leaves the target as it was when a restore fails half way", async () => {
    const target = await freshTarget();
    // A well-formed archive (matching manifest) whose last table holds a row PostgreSQL rejects.
    const sql = gunzipSync(await readFile(file)).toString("utf8");
    const broken = sql.replace(/(COPY "activities" \([^)]*\) FROM stdin;\n)/, "$1not-a-valid-row\n");
    expect(broken).not.toBe(sql);
    const content = gzipSync(broken);
    const copy = path.join(dir, "half.sql.gz");
    await writeFile(copy, content);
    const manifest = JSON.parse(await readFile(`${file}.json`, "utf8")) as Record<string, unknown>;
    await writeFile(
      `${copy}.json`,
      JSON.stringify({
        ...manifest,
        file: "half.sql.gz",
        bytes: content.length,
        sha256: createHash("sha256").update(content).digest("hex"),
      }),
    );
    await expect(
      withClient(target, (c) => restoreDatabase(c, localStorage(dir), path.basename(copy))),
    ).rejects.toThrow();
    expect(await emptyTables(target)).toBe(true);
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
