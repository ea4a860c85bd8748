// Attachments end to end, against each storage a deployment can have: a real S3 server (presigned POST
// and presigned PUT) and a local folder behind the app's own upload and download routes.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/env.mjs";
import { createApiToken } from "~/server/auth/api-tokens";
import { db } from "~/server/db";
import { serveAttachmentLink } from "~/server/http/attachment-link";
import { runNightlyCleanup } from "~/server/jobs/nightly-cleanup";
import { readEvents } from "~/server/live/events";
import { EXE, PDF, PNG, attach, bytesOf, fetchSigned, sendUpload, storedKeys } from "../../../tests/attachments";
import { callerFor, codeOf, makeTeam, type Team } from "../../../tests/fixtures";
import { startS3Server } from "../../../tests/s3-server";
import { attachmentStorage, setAttachmentStorage } from "./config";
import { localAttachmentStorage } from "./local-storage";
import { s3AttachmentStorage } from "./s3-storage";
import { PENDING_TTL_MS, uploadKeyOf } from "./service";
import { ObjectChanged } from "./storage";

type Storage = {
  name: string;
  start: () => Promise<{ stop: () => Promise<void> }>;
};

const STORAGES: Storage[] = [
  {
    name: "local folder",
    start: async () => {
      const directory = await mkdtemp(path.join(os.tmpdir(), "tm-uploads-"));
      setAttachmentStorage(localAttachmentStorage({ directory, secret: "a test secret of enough length" }));
      return { stop: () => rm(directory, { recursive: true, force: true }) };
    },
  },
  ...(["POST", "PUT"] as const).map((uploadMethod) => ({
    name: `S3 server, presigned ${uploadMethod}`,
    start: async () => {
      const s3 = await startS3Server("tm-attachments");
      setAttachmentStorage(s3AttachmentStorage({ ...s3.config(), uploadMethod }));
      return { stop: () => s3.close() };
    },
  })),
];

async function rowsOf(taskId: string) {
  return db.attachment.findMany({ where: { taskId }, select: { id: true, state: true, storageKey: true } });
}

async function task(team: Team, title = "Files") {
  return callerFor(team.owner).task.create({ projectId: team.project.id, title });
}

/** What is left after a refused upload: rows of the task and objects under their keys. */
async function leftovers(taskId: string, keys: string[]) {
  return { rows: await rowsOf(taskId), objects: await storedKeys(keys) };
}

async function keyOf(attachmentId: string) {
  return (await db.attachment.findUniqueOrThrow({ where: { id: attachmentId } })).storageKey;
}

/** Each suite's storage, started before its tests and stopped after, and a team of its own. */
function useStorage(storage: Storage) {
  const ctx = {} as { team: Team };
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ stop } = await storage.start());
    ctx.team = await makeTeam();
  });
  afterAll(async () => {
    setAttachmentStorage(null);
    await stop();
  });
  return ctx;
}

describe.each(STORAGES)("attachments in a $name", (storage) => {
  const ctx = useStorage(storage);

  it("uploads, completes, lists and downloads a file byte for byte", async () => {
    const { id: taskId } = await task(ctx.team);
    const member = callerFor(ctx.team.member);
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
    bytes.set(PDF.subarray(0, 8));
    const file = await attach(member, taskId, "Quarterly report.pdf", bytes);
    expect(file).toMatchObject({
      name: "Quarterly report.pdf",
      size: bytes.byteLength,
      contentType: "application/pdf",
    });
    expect(file.isImage).toBe(false);

    const listed = await callerFor(ctx.team.viewer).attachment.list({ taskId });
    expect(listed.map((a) => [a.id, a.uploader?.id, a.canDelete])).toEqual([[file.id, ctx.team.member.id, false]]);
    expect((await member.attachment.list({ taskId }))[0]!.canDelete).toBe(true);

    const { url, expiresAt } = await callerFor(ctx.team.viewer).attachment.downloadUrl({ attachmentId: file.id });
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const response = await fetchSigned(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Quarterly report.pdf"; filename*=UTF-8''Quarterly%20report.pdf`,
    );

    const usage = await member.attachment.usage({ workspaceId: ctx.team.workspace.id });
    expect(usage.usedBytes).toBe(bytes.byteLength);

    const [event] = (await readEvents(db, ctx.team.project.id, 0, 1000)).filter((e) => e.kind === "attachment.added");
    expect(event).toMatchObject({ taskId, entityId: file.id });
  });

  it("shows raster images inline and everything else as a download, HTML and SVG never as themselves", async () => {
    const { id: taskId } = await task(ctx.team);
    const owner = callerFor(ctx.team.owner);
    const png = await attach(owner, taskId, "screen.png", PNG);
    const html = await attach(owner, taskId, "page.html", bytesOf("<!doctype html><script>alert(1)</script>"));
    const svg = await attach(owner, taskId, "icon.svg", bytesOf('<svg xmlns="http://www.w3.org/2000/svg"></svg>'));
    expect(png.isImage).toBe(true);

    const inline = await fetchSigned(
      (await owner.attachment.downloadUrl({ attachmentId: png.id, disposition: "inline" })).url,
    );
    expect(inline.headers.get("content-disposition")).toMatch(/^inline; filename="screen.png"/);
    expect(inline.headers.get("content-type")).toBe("image/png");

    for (const file of [html, svg]) {
      const answer = await fetchSigned(
        (await owner.attachment.downloadUrl({ attachmentId: file.id, disposition: "inline" })).url,
      );
      expect(answer.headers.get("content-disposition")).toMatch(/^attachment; /);
      expect(answer.headers.get("content-type")).toBe("application/octet-stream");
      // The bucket cannot add headers of its own; the folder's route does.
      if (storage.name === "local folder") expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("refuses a file over MAX_FILE_SIZE when the upload is signed, and keeps nothing", async () => {
    const { id: taskId } = await task(ctx.team);
    const error = callerFor(ctx.team.owner).attachment.createUpload({
      taskId,
      name: "huge.pdf",
      size: env.MAX_FILE_SIZE + 1,
      contentType: "application/pdf",
    });
    await expect(error).rejects.toThrow(/at most 10 MB/);
    expect(await codeOf(error)).toBe("PAYLOAD_TOO_LARGE");
    expect(await rowsOf(taskId)).toEqual([]);
  });

  it("refuses an object larger than announced and deletes it", async () => {
    const { id: taskId } = await task(ctx.team);
    const owner = callerFor(ctx.team.owner);
    const { attachmentId, upload } = await owner.attachment.createUpload({
      taskId,
      name: "notes.txt",
      size: 10,
      contentType: "text/plain",
    });
    const key = await keyOf(attachmentId);
    const sent = await sendUpload(upload, bytesOf("far more than the ten bytes announced"));
    // The folder's route stops it on the way in; an S3 server that does not enforce the policy takes it.
    if (storage.name === "local folder") expect(sent.status).toBe(413);
    expect(await codeOf(owner.attachment.complete({ attachmentId }))).toBe("BAD_REQUEST");
    expect(await leftovers(taskId, [key])).toEqual({ rows: [], objects: [] });
  });

  it("refuses an executable renamed .png, and bytes that are not the declared type", async () => {
    const { id: taskId } = await task(ctx.team);
    const owner = callerFor(ctx.team.owner);
    const keys: string[] = [];
    for (const [name, bytes] of [
      ["setup.png", EXE],
      ["report.pdf", PNG],
      ["photo.jpg", PDF],
    ] as const) {
      const { attachmentId, upload } = await owner.attachment.createUpload({
        taskId,
        name,
        size: bytes.byteLength,
        contentType: "",
      });
      keys.push(await keyOf(attachmentId));
      expect((await sendUpload(upload, bytes)).ok).toBe(true);
      const refused = owner.attachment.complete({ attachmentId });
      await expect(refused).rejects.toThrow(/are not a/);
      expect(await codeOf(refused)).toBe("BAD_REQUEST");
    }
    expect(await leftovers(taskId, keys)).toEqual({ rows: [], objects: [] });
  });

  it("serves the bytes it checked, even when the upload link is used again after completion", async () => {
    const { id: taskId } = await task(ctx.team);
    const owner = callerFor(ctx.team.owner);
    const { attachmentId, upload } = await owner.attachment.createUpload({
      taskId,
      name: "shot.png",
      size: PNG.byteLength,
      contentType: "image/png",
    });
    expect((await sendUpload(upload, PNG)).ok).toBe(true);
    await owner.attachment.complete({ attachmentId });
    // The same link, within its minute, with other bytes of the same size.
    const swapped = new Uint8Array(PNG.byteLength).fill(0x3c);
    await sendUpload(upload, swapped);
    const { url } = await owner.attachment.downloadUrl({ attachmentId, disposition: "inline" });
    expect(Buffer.from(await (await fetchSigned(url)).arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);
  });

  it("moves an upload only while it holds the bytes inspected", async () => {
    const storage = attachmentStorage();
    const from = `uploads/w/${Date.now()}`;
    const to = `attachments/w/${Date.now()}`;
    const send = async (bytes: Uint8Array) => {
      const upload = await storage.signUpload({
        key: from,
        size: bytes.byteLength,
        contentType: "text/plain",
        expiresInSeconds: 60,
      });
      return sendUpload(upload, bytes);
    };
    expect((await send(bytesOf("first"))).ok).toBe(true);
    const inspected = await storage.inspect(from, 16);
    await storage.remove([from]);
    expect((await send(bytesOf("other"))).ok).toBe(true);
    await expect(storage.promote(from, to, inspected!.version)).rejects.toBeInstanceOf(ObjectChanged);
    expect(await storage.inspect(to, 1)).toBeNull();
    const current = await storage.inspect(from, 16);
    await storage.promote(from, to, current!.version);
    expect(Buffer.from((await storage.inspect(to, 16))!.head).toString()).toBe("other");
    expect(await storage.inspect(from, 1)).toBeNull();
  });

  it("takes an empty text file", async () => {
    const { id: taskId } = await task(ctx.team);
    const file = await attach(callerFor(ctx.team.owner), taskId, "empty.txt", new Uint8Array());
    expect(file.size).toBe(0);
    const { url } = await callerFor(ctx.team.owner).attachment.downloadUrl({ attachmentId: file.id });
    expect((await (await fetchSigned(url)).arrayBuffer()).byteLength).toBe(0);
  });

  it("refuses unsupported names and a declared type that contradicts the name", async () => {
    const { id: taskId } = await task(ctx.team);
    const owner = callerFor(ctx.team.owner);
    for (const [name, contentType] of [
      ["virus.exe", "application/octet-stream"],
      ["README", "text/plain"],
      ["photo.png", "text/html"],
    ]) {
      expect(
        await codeOf(owner.attachment.createUpload({ taskId, name: name!, size: 4, contentType: contentType! })),
      ).toBe("BAD_REQUEST");
    }
    expect(await rowsOf(taskId)).toEqual([]);
  });

  it("refuses an upload to another workspace's task, and its attachments to outsiders", async () => {
    const other = await makeTeam();
    const foreign = await callerFor(other.owner).task.create({ projectId: other.project.id, title: "Theirs" });
    const file = await attach(callerFor(other.owner), foreign.id, "secret.txt", bytesOf("secret"));
    const intruder = callerFor(ctx.team.owner);
    const upload = intruder.attachment.createUpload({ taskId: foreign.id, name: "x.txt", size: 1, contentType: "" });
    expect(await codeOf(upload)).toBe("NOT_FOUND");
    expect(await codeOf(intruder.attachment.downloadUrl({ attachmentId: file.id }))).toBe("NOT_FOUND");
    expect(await codeOf(intruder.attachment.delete({ attachmentId: file.id }))).toBe("NOT_FOUND");
    expect(await codeOf(intruder.attachment.complete({ attachmentId: file.id }))).toBe("NOT_FOUND");
    expect((await rowsOf(foreign.id)).map((r) => r.state)).toEqual(["READY"]);
  });

  it("holds the workspace quota under 10 concurrent uploads", async () => {
    const quota = env.ATTACHMENT_QUOTA_MB;
    const fresh = await makeTeam();
    const { id: taskId } = await callerFor(fresh.owner).task.create({ projectId: fresh.project.id, title: "Many" });
    env.ATTACHMENT_QUOTA_MB = 1;
    try {
      const size = 300 * 1024;
      const attempts = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          callerFor(fresh.member).attachment.createUpload({ taskId, name: `part-${i}.txt`, size, contentType: "" }),
        ),
      );
      const refused = attempts.filter((a) => a.status === "rejected");
      expect(attempts.length - refused.length).toBe(3);
      for (const r of refused) {
        const reason = r.reason as { code: string; message: string };
        expect(reason.code).toBe("FORBIDDEN");
        expect(reason.message).toMatch(/of its 1\.0 MB for attachments/);
      }
      const usage = await callerFor(fresh.member).attachment.usage({ workspaceId: fresh.workspace.id });
      expect(usage).toMatchObject({ usedBytes: 3 * size, quotaBytes: 1024 * 1024 });
    } finally {
      env.ATTACHMENT_QUOTA_MB = quota;
    }
  });

  it("deletes the object when its uploader or an admin deletes the file, and no one else may", async () => {
    const { id: taskId } = await task(ctx.team);
    const mine = await attach(callerFor(ctx.team.member), taskId, "mine.txt", bytesOf("mine"));
    const theirs = await attach(callerFor(ctx.team.admin), taskId, "theirs.txt", bytesOf("theirs"));
    const keys = [await keyOf(mine.id), await keyOf(theirs.id)];
    expect(await codeOf(callerFor(ctx.team.member).attachment.delete({ attachmentId: theirs.id }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(ctx.team.viewer).attachment.delete({ attachmentId: mine.id }))).toBe("FORBIDDEN");
    await callerFor(ctx.team.member).attachment.delete({ attachmentId: mine.id });
    await callerFor(ctx.team.owner).attachment.delete({ attachmentId: theirs.id });
    expect(await leftovers(taskId, keys)).toEqual({ rows: [], objects: [] });
    const kinds = (await readEvents(db, ctx.team.project.id, 0, 10_000)).filter((e) => e.taskId === taskId);
    expect(kinds.map((e) => e.kind)).toEqual([
      "task.created",
      "attachment.added",
      "attachment.added",
      "attachment.deleted",
      "attachment.deleted",
    ]);
  });

  it("keeps a deleted task's files in the trash, and the 30-day purge deletes the objects", async () => {
    const { id: taskId } = await task(ctx.team);
    const owner = callerFor(ctx.team.owner);
    const file = await attach(owner, taskId, "kept.txt", bytesOf("kept while in the trash"));
    const key = await keyOf(file.id);
    await owner.task.delete({ id: taskId });
    expect((await owner.attachment.list({ taskId })).map((a) => a.id)).toEqual([file.id]);
    expect(await storedKeys([key])).toEqual([key]);

    await db.task.update({ where: { id: taskId }, data: { deletedAt: new Date(Date.now() - 31 * 86_400_000) } });
    const summary = await runNightlyCleanup(db);
    expect(summary.attachmentsDeleted).toBeGreaterThanOrEqual(1);
    expect(await db.attachment.findUnique({ where: { id: file.id } })).toBeNull();
    expect(await storedKeys([key])).toEqual([]);
  });

  it("sweeps uploads never completed after a day, and leaves recent ones", async () => {
    const { id: taskId } = await task(ctx.team);
    const owner = callerFor(ctx.team.owner);
    const started = [];
    for (const name of ["old.txt", "new.txt"]) {
      const { attachmentId, upload } = await owner.attachment.createUpload({ taskId, name, size: 3, contentType: "" });
      expect((await sendUpload(upload, bytesOf("abc"))).ok).toBe(true);
      started.push({ id: attachmentId, key: await keyOf(attachmentId) });
    }
    const [old, recent] = started as [(typeof started)[0], (typeof started)[0]];
    await db.attachment.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    await runNightlyCleanup(db);
    expect(await storedKeys([old.key, recent.key])).toEqual([uploadKeyOf(recent.key)]);
    expect((await rowsOf(taskId)).map((r) => [r.id, r.state])).toEqual([[recent.id, "PENDING"]]);
    // An upload older than an hour can no longer be completed, and no longer counts against the quota.
    await db.attachment.update({
      where: { id: recent.id },
      data: { createdAt: new Date(Date.now() - PENDING_TTL_MS - 1000) },
    });
    expect(await codeOf(owner.attachment.complete({ attachmentId: recent.id }))).toBe("BAD_REQUEST");
    expect(await leftovers(taskId, [recent.key])).toEqual({ rows: [], objects: [] });
  });
});

describe.each(STORAGES)("the attachment link (/api/attachments/<id>) with a $name", (storage) => {
  const ctx = useStorage(storage);

  async function follow(id: string, userId: string | null, query = "") {
    const headers = new Headers();
    if (userId) {
      const { secret } = await createApiToken(db, userId, { name: "t", expiresAt: null });
      headers.set("authorization", `Bearer ${secret}`);
    }
    return serveAttachmentLink(new Request(`http://app.test/api/attachments/${id}${query}`, { headers }), id);
  }

  // A bucket's file is a redirect to a one-minute signed URL; the folder's is answered directly.
  async function fileBehind(link: Response): Promise<Response> {
    if (storage.name !== "local folder") {
      expect(link.status).toBe(302);
      return fetchSigned(link.headers.get("location")!);
    }
    expect(link.status).toBe(200);
    return link;
  }

  it("gives members the file, and refuses everyone else without saying whether it exists", async () => {
    const { id: taskId } = await task(ctx.team);
    const png = await attach(callerFor(ctx.team.owner), taskId, "shot.png", PNG);
    const html = await attach(callerFor(ctx.team.owner), taskId, "page.html", bytesOf("<h1>hi</h1>"));

    const link = await follow(png.id, ctx.team.viewer.id);
    expect(link.headers.get("x-content-type-options")).toBe("nosniff");
    if (link.status === 302) expect(link.headers.get("cache-control")).toBe("private, no-store");
    const image = await fileBehind(link);
    expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);
    expect(image.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(image.headers.get("content-type")).toBe("image/png");

    const download = await fileBehind(await follow(png.id, ctx.team.viewer.id, "?download=1"));
    expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);

    const pageLink = await follow(html.id, ctx.team.viewer.id);
    const page = await fileBehind(pageLink);
    expect(page.headers.get("content-disposition")).toMatch(/^attachment; filename="page.html"/);
    expect(page.headers.get("content-type")).toBe("application/octet-stream");
    // The folder's answer carries nosniff itself; a bucket cannot add it, the app's redirect does.
    expect(
      (page.status === 200 && storage.name === "local folder" ? page : pageLink).headers.get("x-content-type-options"),
    ).toBe("nosniff");

    expect((await follow(png.id, ctx.team.outsider.id)).status).toBe(404);
    expect((await follow("doesnotexist0000000000000", ctx.team.owner.id)).status).toBe(404);
    const signedOut = await follow(png.id, null);
    expect(signedOut.status).toBe(401);
    expect(signedOut.headers.get("location")).toBeNull();
  });
});

describe("the local folder's signed links", () => {
  const ctx = useStorage(STORAGES[0]!);

  it("refuses a tampered or expired signed link", async () => {
    const { id: taskId } = await task(ctx.team);
    const file = await attach(callerFor(ctx.team.owner), taskId, "a.txt", bytesOf("a"));
    const { url } = await callerFor(ctx.team.owner).attachment.downloadUrl({ attachmentId: file.id });
    const [base, token] = url.split("token=") as [string, string];
    const [body, mac] = token.split(".") as [string, string];
    const claims = JSON.parse(Buffer.from(body, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: Date.now() + 3_600_000 })).toString("base64url");
    expect((await fetchSigned(`${base}token=${forged}.${mac}`)).status).toBe(403);
    const expired = Buffer.from(JSON.stringify({ ...claims, exp: Date.now() - 1 })).toString("base64url");
    expect((await fetchSigned(`${base}token=${expired}.${mac}`)).status).toBe(403);
    expect((await fetchSigned(url)).status).toBe(200);
  });
});
