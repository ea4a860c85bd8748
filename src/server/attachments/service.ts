import { randomBytes } from "node:crypto";
import type { Access } from "~/server/access/access";
import { can } from "~/server/access/permissions";
import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { recordEvents } from "~/server/live/events";
import { logger } from "~/server/logger";
import { attachmentLimits, attachmentStorage, LINK_SECONDS, storageProblem } from "./config";
import {
  contentDisposition,
  contentMatches,
  formatBytes,
  safeFileName,
  servedContentType,
  SNIFF_BYTES,
  typeForMime,
  typeForName,
  ATTACHMENT_TYPES,
} from "./file-types";
import { ObjectChanged, type AttachmentStorage } from "./storage";

type Tx = Prisma.TransactionClient;

// Files on tasks. An upload is two calls around the browser's own transfer to storage:
//   createUpload: access, name, type and size checked; the file's size reserved against the
//     workspace quota (a PENDING row) and a one-minute signed upload for exactly that size returned;
//   complete: the stored object's real size and first bytes checked against what was declared. A
//     mismatch deletes the object and the row; a match makes the row READY, listed on its task.
// Removed files and files of purged tasks become DELETED rows; the sweep deletes their objects and
// then the rows, and removes uploads never completed after a day.

export const ORPHAN_AFTER_MS = 24 * 60 * 60 * 1000;
/**
 * An upload not completed within this time has failed (its signed link lived a minute): it stops
 * counting against the quota, cannot be completed any more, and is swept after ORPHAN_AFTER_MS.
 */
export const PENDING_TTL_MS = 60 * 60 * 1000;

const ATTACHMENT_SELECT = {
  id: true,
  taskId: true,
  projectId: true,
  name: true,
  size: true,
  contentType: true,
  createdAt: true,
  uploaderId: true,
  uploader: { select: { id: true, name: true, email: true } },
} as const;

type AttachmentRow = {
  id: string;
  taskId: string | null;
  name: string;
  size: number;
  contentType: string;
  createdAt: Date;
  uploaderId: string | null;
  uploader: { id: string; name: string | null; email: string } | null;
};

export const attachmentUrl = (id: string) => `/api/attachments/${id}`;

function view(access: Access, row: AttachmentRow) {
  return {
    id: row.id,
    taskId: row.taskId ?? "",
    name: row.name,
    size: row.size,
    contentType: row.contentType,
    isImage: typeForMime(row.contentType)?.inline ?? false,
    createdAt: row.createdAt,
    uploader: row.uploader,
    url: attachmentUrl(row.id),
    canDelete: canDelete(access, row.uploaderId),
  };
}

function canDelete(access: Access, uploaderId: string | null): boolean {
  return can(access.role, "attachment.moderate") || (uploaderId === access.userId && can(access.role, "task.write"));
}

const SUPPORTED = [...new Set(ATTACHMENT_TYPES.map((t) => t.extensions[0]))].join(", ");

export async function listAttachments(db: Db, access: Access, taskId: string) {
  const rows = await db.attachment.findMany({
    where: { taskId, workspaceId: access.workspaceId, state: "READY" },
    select: ATTACHMENT_SELECT,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  return rows.map((row) => view(access, row));
}

// Bytes the workspace holds or has reserved: completed files (in the trash too) and uploads in flight.
async function usedBytes(db: Db | Tx, workspaceId: string): Promise<number> {
  const { _sum } = await db.attachment.aggregate({
    where: {
      workspaceId,
      taskId: { not: null },
      OR: [{ state: "READY" }, { state: "PENDING", createdAt: { gt: new Date(Date.now() - PENDING_TTL_MS) } }],
    },
    _sum: { size: true },
  });
  return _sum.size ?? 0;
}

export async function attachmentUsage(db: Db, access: Access) {
  const { maxFileSize, quotaBytes } = attachmentLimits();
  return { usedBytes: await usedBytes(db, access.workspaceId), quotaBytes, maxFileSize };
}

export type UploadInput = { taskId: string; name: string; size: number; contentType: string };

export async function createUpload(db: Db, access: Access, input: UploadInput) {
  const problem = storageProblem();
  if (problem) throw new AppError("SERVICE_UNAVAILABLE", problem);
  const { maxFileSize, quotaBytes } = attachmentLimits();
  const name = safeFileName(input.name);
  const type = typeForName(name);
  if (!type) {
    throw new AppError("BAD_REQUEST", `Files of this type cannot be attached. Supported: ${SUPPORTED}.`);
  }
  const declared = input.contentType.split(";")[0]?.trim().toLowerCase();
  if (declared && declared !== "application/octet-stream" && declared !== type.mime) {
    throw new AppError("BAD_REQUEST", `A .${type.extensions[0]} file is ${type.mime}, not ${declared}.`);
  }
  if (input.size > maxFileSize) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `${name} is ${formatBytes(input.size)}; files can be at most ${formatBytes(maxFileSize)}.`,
    );
  }
  const row = await db.$transaction(async (tx) => {
    const task = await tx.task.findFirst({
      where: { id: input.taskId, workspaceId: access.workspaceId, deletedAt: null },
      select: { projectId: true },
    });
    if (!task) throw new AppError("NOT_FOUND", "Task not found.");
    // One reservation at a time per workspace, so concurrent uploads cannot overrun the quota together.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`attachments:${access.workspaceId}`}, 0))`;
    const used = await usedBytes(tx, access.workspaceId);
    if (used + input.size > quotaBytes) {
      throw new AppError(
        "FORBIDDEN",
        `This workspace has used ${formatBytes(used)} of its ${formatBytes(quotaBytes)} for attachments; ` +
          `${name} (${formatBytes(input.size)}) does not fit. Delete files to make room.`,
      );
    }
    return tx.attachment.create({
      data: {
        workspaceId: access.workspaceId,
        projectId: task.projectId,
        taskId: input.taskId,
        uploaderId: access.userId,
        name,
        contentType: type.mime,
        size: input.size,
        storageKey: `attachments/${access.workspaceId}/${randomBytes(16).toString("hex")}`,
      },
      select: { id: true, storageKey: true },
    });
  });
  const upload = await attachmentStorage().signUpload({
    key: uploadKeyOf(row.storageKey),
    size: input.size,
    contentType: type.mime,
    expiresInSeconds: LINK_SECONDS,
  });
  return { attachmentId: row.id, expiresAt: new Date(Date.now() + LINK_SECONDS * 1000), upload };
}

/** Where the browser uploads a file: promoted to `storageKey` once its bytes are checked. */
export const uploadKeyOf = (storageKey: string) => storageKey.replace(/^attachments\//, "uploads/");

/** A completion in progress holds the row this long; one that died is retried after it. */
const CLAIM_MS = 5 * 60 * 1000;

// Refuses an upload: the row is marked DELETED first, so that if removing the objects fails the sweep
// still finds it; then the objects and the row go.
async function refuse(db: Db, id: string, storageKey: string, error: AppError): Promise<never> {
  await db.attachment.update({ where: { id }, data: { state: "DELETED", deletedAt: new Date() } });
  await discard(db, [{ id, storageKey }]);
  throw error;
}

// The checks on what arrived, in order; the first problem refuses the upload.
function problemWith(
  row: { name: string; size: number; contentType: string },
  stored: { size: number; head: Uint8Array } | null,
): AppError | null {
  const { maxFileSize } = attachmentLimits();
  if (!stored) return new AppError("BAD_REQUEST", `${row.name} did not arrive; attach it again.`);
  if (stored.size > maxFileSize) {
    return new AppError(
      "PAYLOAD_TOO_LARGE",
      `${row.name} is ${formatBytes(stored.size)}; files can be at most ${formatBytes(maxFileSize)}.`,
    );
  }
  if (stored.size !== row.size) {
    return new AppError("BAD_REQUEST", `${row.name} arrived with ${stored.size} bytes, not the ${row.size} announced.`);
  }
  const type = typeForMime(row.contentType);
  if (!type || !contentMatches(type, stored.head, stored.size)) {
    return new AppError(
      "BAD_REQUEST",
      `The contents of ${row.name} are not a ${type?.label ?? row.contentType}; it was not attached.`,
    );
  }
  return null;
}

export async function completeUpload(db: Db, access: Access, attachmentId: string) {
  const row = await db.attachment.findFirst({
    where: { id: attachmentId, workspaceId: access.workspaceId, state: { in: ["PENDING", "READY"] } },
    select: { ...ATTACHMENT_SELECT, state: true, storageKey: true },
  });
  if (!row || !row.taskId || !row.projectId) throw new AppError("NOT_FOUND", "Attachment not found.");
  if (row.uploaderId !== access.userId) {
    throw new AppError("FORBIDDEN", "Only the person uploading a file can complete its upload.");
  }
  if (row.state === "READY") return view(access, row);
  if (row.createdAt.getTime() < Date.now() - PENDING_TTL_MS) {
    return refuse(
      db,
      row.id,
      row.storageKey,
      new AppError("BAD_REQUEST", "This upload expired; attach the file again."),
    );
  }
  // One completion at a time: a second call while the first checks and moves the file must not
  // refuse (and delete) what the first is about to list.
  const now = new Date();
  const claimed = await db.attachment.updateMany({
    where: {
      id: row.id,
      state: "PENDING",
      OR: [{ completedAt: null }, { completedAt: { lt: new Date(now.getTime() - CLAIM_MS) } }],
    },
    data: { completedAt: now },
  });
  if (claimed.count === 0) {
    const current = await db.attachment.findFirst({
      where: { id: row.id, state: "READY", taskId: { not: null } },
      select: ATTACHMENT_SELECT,
    });
    if (current) return view(access, current);
    throw new AppError("CONFLICT", `${row.name} is being checked; try again in a moment.`);
  }

  const storage = attachmentStorage();
  const uploadKey = uploadKeyOf(row.storageKey);
  let stored;
  try {
    stored = await storage.inspect(uploadKey, SNIFF_BYTES);
    const problem = problemWith(row, stored);
    if (problem || !stored) return await refuse(db, row.id, row.storageKey, problem!);
    // Downloads read the promoted copy, and only while it holds the bytes checked here.
    await storage.promote(uploadKey, row.storageKey, stored.version);
  } catch (error) {
    if (error instanceof ObjectChanged) {
      return refuse(
        db,
        row.id,
        row.storageKey,
        new AppError("BAD_REQUEST", `${row.name} changed while it was being checked; attach it again.`),
      );
    }
    throw error;
  }

  return db.$transaction(async (tx) => {
    const { count } = await tx.attachment.updateMany({
      where: { id: row.id, state: "PENDING", taskId: { not: null } },
      data: { state: "READY", completedAt: new Date() },
    });
    // Swept, or its task purged, while it was being checked.
    if (count === 0) throw new AppError("NOT_FOUND", "Attachment not found.");
    await recordEvents(tx, [
      {
        projectId: row.projectId!,
        kind: "attachment.added",
        taskId: row.taskId,
        entityId: row.id,
        actorId: access.userId,
      },
    ]);
    return view(access, row);
  });
}

export async function deleteAttachment(db: Db, access: Access, attachmentId: string) {
  const row = await db.attachment.findFirst({
    where: { id: attachmentId, workspaceId: access.workspaceId, state: "READY", taskId: { not: null } },
    select: { id: true, taskId: true, projectId: true, uploaderId: true, storageKey: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "Attachment not found.");
  if (!canDelete(access, row.uploaderId)) {
    throw new AppError("FORBIDDEN", "Only the person who attached a file, or an admin, can delete it.");
  }
  const deleted = await db.$transaction(async (tx) => {
    const { count } = await tx.attachment.updateMany({
      where: { id: row.id, state: "READY" },
      data: { state: "DELETED", deletedAt: new Date() },
    });
    if (count === 0) return false;
    await recordEvents(tx, [
      {
        projectId: row.projectId!,
        kind: "attachment.deleted",
        taskId: row.taskId,
        entityId: row.id,
        actorId: access.userId,
      },
    ]);
    return true;
  });
  if (!deleted) throw new AppError("NOT_FOUND", "Attachment not found.");
  await discard(db, [row]);
  return { ok: true as const };
}

/**
 * A link to the file, valid for LINK_SECONDS: inline for raster images when asked for, a download
 * (Content-Disposition: attachment, a safe name) for everything else. HTML, SVG and other types a
 * browser could run are never served as themselves.
 */
export async function downloadLink(db: Db, access: Access, attachmentId: string, disposition: "inline" | "attachment") {
  const row = await db.attachment.findFirst({
    where: { id: attachmentId, workspaceId: access.workspaceId, state: "READY", taskId: { not: null } },
    select: { name: true, contentType: true, storageKey: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "Attachment not found.");
  const type = typeForMime(row.contentType);
  const inline = disposition === "inline" && type?.inline === true;
  const url = await attachmentStorage().signDownload({
    key: row.storageKey,
    disposition: contentDisposition(inline ? "inline" : "attachment", row.name),
    contentType: type ? servedContentType(type) : "application/octet-stream",
    expiresInSeconds: LINK_SECONDS,
  });
  return { url, expiresAt: new Date(Date.now() + LINK_SECONDS * 1000) };
}

// Deletes the objects, then their rows. A failure leaves the rows (DELETED) for the next sweep.
async function discard(
  db: Db,
  rows: readonly { id: string; storageKey: string }[],
  storage: AttachmentStorage = attachmentStorage(),
): Promise<number> {
  if (rows.length === 0) return 0;
  try {
    await storage.remove(rows.flatMap((r) => [r.storageKey, uploadKeyOf(r.storageKey)]));
  } catch (error) {
    logger.warn({ err: error, count: rows.length }, "attachment objects not deleted; the nightly sweep retries");
    return 0;
  }
  const { count } = await db.attachment.deleteMany({
    where: { id: { in: rows.map((r) => r.id) }, state: "DELETED" },
  });
  return count;
}

/** Marks the attachments of these tasks DELETED (their task is being purged); call in the purge's transaction. */
export async function detachFromPurgedTasks(tx: Tx, taskIds: readonly string[]): Promise<void> {
  if (taskIds.length === 0) return;
  await tx.attachment.updateMany({
    where: { taskId: { in: [...taskIds] }, state: { not: "DELETED" } },
    data: { state: "DELETED", deletedAt: new Date() },
  });
}

const SWEEP_BATCH = 500;

/**
 * Deletes the objects of removed attachments and of purged tasks, and uploads never completed within
 * ORPHAN_AFTER_MS, then their rows. `workspaceId` limits it to one workspace's removed files.
 */
export async function sweepAttachments(
  db: Db,
  options: { now?: Date; workspaceId?: string; storage?: AttachmentStorage } = {},
): Promise<{ deleted: number; failed: number }> {
  const now = options.now ?? new Date();
  const orphanBefore = new Date(now.getTime() - ORPHAN_AFTER_MS);
  const where = options.workspaceId
    ? { workspaceId: options.workspaceId, state: "DELETED" as const }
    : {
        OR: [
          { state: "DELETED" as const },
          { taskId: null },
          { workspaceId: null },
          { state: "PENDING" as const, createdAt: { lt: orphanBefore } },
        ],
      };
  let deleted = 0;
  let failed = 0;
  let cursor: string | undefined;
  for (;;) {
    // Marked DELETED first: a late `complete` of an orphan then finds nothing to complete.
    const batch = await db.$transaction(async (tx) => {
      const rows = await tx.attachment.findMany({
        where: { ...where, ...(cursor ? { id: { gt: cursor } } : {}) },
        select: { id: true, storageKey: true },
        orderBy: { id: "asc" },
        take: SWEEP_BATCH,
      });
      if (rows.length > 0) {
        await tx.attachment.updateMany({
          where: { id: { in: rows.map((r) => r.id) }, state: { not: "DELETED" } },
          data: { state: "DELETED", deletedAt: now },
        });
      }
      return rows;
    });
    if (batch.length === 0) break;
    cursor = batch[batch.length - 1]!.id;
    const removed = await discard(db, batch, options.storage);
    deleted += removed;
    failed += batch.length - removed;
    if (batch.length < SWEEP_BATCH) break;
  }
  return { deleted, failed };
}
