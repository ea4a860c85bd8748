import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { embeddedDatabase } from "../../../tests/db-admin";

// Backups go to a folder of this file's own; administrators are named here, before the app loads.
const dir = await mkdtemp(path.join(os.tmpdir(), "tm-admin-backup-"));
process.env.BACKUP_DIR = dir;
process.env.CRON_SECRET = "cron-secret-for-tests-0123456789";
process.env.ADMIN_EMAILS = "Root-Admin@Example.test, unverified-admin@example.test";
for (const key of ["BACKUP_S3_BUCKET", "BACKUP_S3_ENDPOINT", "BACKUP_S3_ACCESS_KEY_ID", "BACKUP_S3_SECRET_ACCESS_KEY"])
  delete process.env[key];

const { db } = await import("~/server/db");
const { createCaller } = await import("~/server/api/root");
const { createContext } = await import("~/server/api/trpc");
const { GET } = await import("~/app/api/cron/backup/route");
const { callerFor, codeOf, makeUser } = await import("../../../tests/fixtures");

async function adminUser(email: string, verified: boolean) {
  return db.user.create({
    data: { email, name: "Admin", emailVerified: verified ? new Date() : null },
    select: { id: true, email: true, name: true },
  });
}

const admin = await adminUser("root-admin@example.test", true);
const unverified = await adminUser("unverified-admin@example.test", false);

describe("backup.* (instance administrators)", () => {
  it("answers UNAUTHORIZED signed out, and NOT_FOUND to anyone who is not an administrator", async () => {
    const signedOut = callerFor(null);
    expect(await codeOf(signedOut.backup.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(signedOut.backup.create())).toBe("UNAUTHORIZED");

    const stranger = callerFor(await makeUser());
    const viaToken = createCaller(
      createContext({ headers: new Headers(), session: { user: admin, via: "token", sessionId: null } }),
    );
    for (const caller of [stranger, callerFor(unverified), viaToken]) {
      expect(await codeOf(caller.backup.list())).toBe("NOT_FOUND");
      expect(await codeOf(caller.backup.create())).toBe("NOT_FOUND");
      expect(await codeOf(caller.backup.verify({ file: "taskmanager-x.sql.gz" }))).toBe("NOT_FOUND");
    }
    // Nothing ran on their behalf.
    expect(await callerFor(admin).backup.list()).toMatchObject({ backups: [] });
  });

  it("lets an administrator list, take and verify backups", async () => {
    const api = callerFor(admin);
    const empty = await api.backup.list();
    expect(empty).toEqual({ storage: { kind: "local", location: dir }, backups: [] });

    await makeUser("Someone");
    const users = await db.user.count();
    const created = await api.backup.create();
    expect(created.backup).toMatchObject({ status: "complete", tables: expect.objectContaining({ users }) as unknown });

    const { backups } = await api.backup.list();
    expect(backups).toHaveLength(1);
    expect(backups[0]).toEqual(created.backup);
    expect(backups[0]!.bytes).toBe((await readFile(path.join(dir, created.backup.file))).length);

    expect(await api.backup.verify({ file: created.backup.file })).toMatchObject({ ok: true });
    // Flip one byte on disk: same size, so the listing still says complete, but verification fails.
    const bytes = await readFile(path.join(dir, created.backup.file));
    bytes[bytes.length >> 1]! ^= 0xff;
    await writeFile(path.join(dir, created.backup.file), bytes);
    expect(await api.backup.verify({ file: created.backup.file })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/corrupted or truncated/) as unknown,
    });
    expect(await codeOf(api.backup.verify({ file: "../../etc/passwd" }))).toBe("BAD_REQUEST");
    expect(await api.backup.verify({ file: "taskmanager-absent.sql.gz" })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/No manifest for taskmanager-absent\.sql\.gz/) as unknown,
    });
  });

  // With the embedded PostgreSQL the pool has one connection, so two runs queue instead of overlapping.
  it.skipIf(embeddedDatabase())("shares the lock with the cron route: one run at a time", async () => {
    const api = callerFor(admin);
    const before = (await api.backup.list()).backups.length;
    const [page, cron] = await Promise.all([
      codeOf(api.backup.create()),
      GET(
        new Request("http://localhost/api/cron/backup", {
          headers: { authorization: "Bearer cron-secret-for-tests-0123456789" },
        }),
      ).then((r) => r.status),
    ]);
    expect([page, cron]).toSatisfy(
      ([p, c]: [string, number]) => (p === "OK" && c === 409) || (p === "CONFLICT" && c === 200),
    );
    expect((await api.backup.list()).backups).toHaveLength(before + 1);
  });
});
