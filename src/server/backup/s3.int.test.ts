import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { mkdtemp, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedDatabase } from "../../../tests/db-admin";
import { damagedCopies, emptyTables, restoreTargets, tableDigests, withClient } from "../../../tests/restore-targets";
import { startS3Server } from "../../../tests/s3-server";

// Backups against a real S3-protocol server on a local port: multipart upload, ListObjectsV2,
// GetObject, PutObject and DeleteObject go over HTTP exactly as they would to S3, R2 or MinIO.
const server = await startS3Server("tm-backups");
process.env.CRON_SECRET = "cron-secret-for-tests-0123456789";
process.env.BACKUP_S3_BUCKET = server.bucket;
process.env.BACKUP_S3_ENDPOINT = server.endpoint;
process.env.BACKUP_S3_REGION = "us-east-1";
process.env.BACKUP_S3_ACCESS_KEY_ID = "S3RVER";
process.env.BACKUP_S3_SECRET_ACCESS_KEY = "S3RVER";
process.env.BACKUP_S3_PREFIX = "cron";
process.env.BACKUP_S3_FORCE_PATH_STYLE = "true";

const { db } = await import("~/server/db");
const { runBackup } = await import("~/server/jobs/backup");
const { applyRetention, listBackups } = await import("./catalog");
const { RestoreRefused, restoreDatabase } = await import("./restore");
const { s3Client, s3Storage } = await import("./s3-storage");
const { folderStorage } = await import("./storage");
const { GET } = await import("~/app/api/cron/backup/route");
const { callerFor, makeTeam } = await import("../../../tests/fixtures");

const embedded = embeddedDatabase();
if (embedded)
  console.warn(
    "Skipping S3 backup round trips: the embedded PostgreSQL cannot create databases (set TEST_DATABASE_URL).",
  );
const targets = restoreTargets("s");
const PART = 5 * 1024 * 1024;
const client = s3Client(server.config());

async function keys(prefix: string): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

async function bytesOf(key: string): Promise<Buffer> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: server.bucket, Key: key }));
  return Buffer.from(await Body!.transformToByteArray());
}

afterAll(async () => {
  await targets.dropAll();
  await server.close();
});

describe.skipIf(embedded)("backups in S3-compatible storage", () => {
  const storage = s3Storage(server.config("nightly/"), client);
  const withPartSize = s3Storage({ ...server.config("nightly/"), partSize: PART }, client);
  let file: string;

  beforeAll(async () => {
    const team = await makeTeam();
    const owner = callerFor(team.owner);
    const task = await owner.task.create({ projectId: team.project.id, title: "Ünïcødé ✓ 🚀 'quote' \\ end" });
    // The API refuses tabs in titles, but one stored by an older version may hold them.
    await db.task.update({ where: { id: task.id }, data: { title: "Ünïcødé ✓ 🚀 'quote' \\ tab\tend" } });
    await owner.comment.add({ taskId: task.id, body: "line one\nline two" });
    // Random hex does not compress below half its size: the gzip dump comes out near 6.5 MiB, more
    // than one 5 MiB part.
    for (let i = 0; i < 2; i += 1) {
      await db.comment.create({
        data: { taskId: task.id, authorId: team.owner.id, body: randomBytes(3_300_000).toString("hex") },
      });
    }
  });

  it("streams the dump as a multipart upload, writes the manifest after it, lists and restores it identically", async () => {
    const before = server.requests.length;
    const summary = await runBackup(db, { storage: withPartSize });
    file = summary.manifest.file;
    expect(summary.storage).toEqual({ kind: "s3", location: "s3://tm-backups/nightly/" });
    expect(summary.manifest.bytes).toBeGreaterThan(PART);

    const sent = server.requests.slice(before).map((r) => `${r.method} ${r.url}`);
    const dumpKey = `/tm-backups/nightly/${file}`;
    const initiate = sent.findIndex((r) => r.startsWith(`POST ${dumpKey}?uploads`));
    const parts = sent.filter((r) => r.startsWith(`PUT ${dumpKey}?`) && /partNumber=\d/.test(r));
    const complete = sent.findIndex((r) => r.startsWith(`POST ${dumpKey}?uploadId=`));
    const manifestPut = sent.findIndex((r) => r.startsWith(`PUT ${dumpKey}.json`));
    expect(initiate).toBeGreaterThanOrEqual(0);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(complete).toBeGreaterThan(initiate);
    expect(manifestPut).toBeGreaterThan(complete);

    expect(await keys("nightly/")).toEqual([`nightly/${file}`, `nightly/${file}.json`]);
    expect((await bytesOf(`nightly/${file}`)).length).toBe(summary.manifest.bytes);

    const listed = await listBackups(storage);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ file, status: "complete", tables: summary.manifest.tables });
    expect(listed[0]!.tables.comments).toBe(3);

    const target = await targets.fresh();
    const result = await withClient(target, (c) => restoreDatabase(c, storage, file));
    expect(result.restored).toEqual(summary.manifest.tables);
    expect(await tableDigests(target)).toEqual(await tableDigests(process.env.DATABASE_URL!));
  });

  it("refuses a corrupted, truncated or missing object with a clear error and leaves the target untouched", async () => {
    const target = await targets.fresh();
    const original = await bytesOf(`nightly/${file}`);
    const manifest = await bytesOf(`nightly/${file}.json`);
    for (const [damage, body] of damagedCopies(original)) {
      const name = `taskmanager-${damage}.sql.gz`;
      await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: `nightly/${name}`, Body: body }));
      await client.send(new PutObjectCommand({ Bucket: server.bucket, Key: `nightly/${name}.json`, Body: manifest }));
      const error = await withClient(target, (c) => restoreDatabase(c, storage, name)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestoreRefused);
      expect(String(error)).toMatch(new RegExp(`${name} is corrupted or truncated: .* Nothing was changed`));
    }
    await expect(withClient(target, (c) => restoreDatabase(c, storage, "taskmanager-absent.sql.gz"))).rejects.toThrow(
      /No manifest for taskmanager-absent\.sql\.gz in s3:\/\/tm-backups\/nightly\//,
    );
    expect(await emptyTables(target)).toBe(true);

    const statuses = Object.fromEntries((await listBackups(storage)).map((b) => [b.file, b.status]));
    expect(statuses).toMatchObject({
      [file]: "complete",
      "taskmanager-corrupted.sql.gz": "complete",
      "taskmanager-truncated.sql.gz": "size-mismatch",
    });
  });

  it("deletes backups past the retention period from the bucket, dump and manifest, and keeps the rest", async () => {
    const dated = s3Storage(server.config("retention/"), client);
    const day = 86_400_000;
    const old = await runBackup(db, { storage: dated, now: new Date(Date.now() - 35 * day) });
    const recent = await runBackup(db, { storage: dated, now: new Date(Date.now() - 10 * day) });
    expect(await keys("retention/")).toHaveLength(4);
    const latest = await runBackup(db, { storage: dated });
    expect(latest.removed).toEqual([old.manifest.file]);
    expect(await keys("retention/")).toEqual(
      [recent.manifest.file, `${recent.manifest.file}.json`, latest.manifest.file, `${latest.manifest.file}.json`]
        .map((k) => `retention/${k}`)
        .sort(),
    );
    // Objects under other prefixes are not ours to delete.
    expect(await keys("nightly/")).toContain(`nightly/${file}`);
  });

  it("fails cleanly when the bucket does not exist, leaves nothing behind and releases the lock", async () => {
    const missing = s3Storage({ ...server.config("x/"), bucket: "no-such-bucket" }, s3Client(server.config()));
    await expect(runBackup(db, { storage: missing })).rejects.toThrow(/bucket/i);
    const again = await runBackup(db, { storage: s3Storage(server.config("after-failure/"), client) });
    expect(await keys("after-failure/")).toHaveLength(2);
    expect(again.manifest.tables.comments).toBe(3);
  });

  it("fails with the storage's error when it breaks in the middle of a table, and the next run works", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tm-failing-"));
    const local = folderStorage(dir);
    // A storage whose disk fills up after the first 64 KiB, while the large comments are being copied.
    const failing = {
      ...local,
      async putStream(_name: string, body: NodeJS.ReadableStream) {
        let seen = 0;
        for await (const chunk of body) {
          seen += (chunk as Buffer).length;
          if (seen > 65_536) throw new Error("No space left on the backup device");
        }
      },
    };
    const started = Date.now();
    await expect(runBackup(db, { storage: failing })).rejects.toThrow("No space left on the backup device");
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await local.list()).toEqual([]);
    const next = await runBackup(db, { storage: local });
    expect(next.manifest.tables.comments).toBe(3);
  });

  it("the cron route writes to the bucket configured in the environment", async () => {
    const call = (authorization?: string) =>
      GET(new Request("http://localhost/api/cron/backup", { headers: authorization ? { authorization } : {} }));
    expect((await call()).status).toBe(401);
    expect(await keys("cron/")).toEqual([]);
    const res = await call("Bearer cron-secret-for-tests-0123456789");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { storage: { kind: string }; manifest: { file: string } };
    expect(body.storage.kind).toBe("s3");
    expect(await keys("cron/")).toEqual([`cron/${body.manifest.file}`, `cron/${body.manifest.file}.json`]);
  });
});

describe("retention of a dump left without a manifest", () => {
  it("deletes it once it is older than the retention period, locally too", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tm-orphan-"));
    const old = path.join(dir, "taskmanager-old.sql.gz");
    await writeFile(old, "partial");
    await writeFile(path.join(dir, "taskmanager-new.sql.gz"), "partial");
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    await utimes(old, longAgo, longAgo);
    const local = folderStorage(dir);
    expect(await applyRetention(local, 30)).toEqual(["taskmanager-old.sql.gz"]);
    expect((await local.list()).map((o) => o.name)).toEqual(["taskmanager-new.sql.gz"]);
  });
});
