import type { Access } from "~/server/access/access";
import type { Db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors";
import { recordWorkspaceEvent } from "~/server/live/events";

const LABEL_SELECT = { id: true, name: true, color: true } as const;

export function listLabels(db: Db, access: Access) {
  return db.label.findMany({
    where: { workspaceId: access.workspaceId },
    select: LABEL_SELECT,
    orderBy: { name: "asc" },
  });
}

async function uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", `A label named "${name}" already exists.`);
    throw error;
  }
}

export async function createLabel(db: Db, access: Access, args: { name: string; color: string }) {
  const count = await db.label.count({ where: { workspaceId: access.workspaceId } });
  if (count >= 200) throw new AppError("BAD_REQUEST", "A workspace can have at most 200 labels.");
  return uniqueName(args.name, () =>
    db.$transaction(async (tx) => {
      const label = await tx.label.create({
        data: { workspaceId: access.workspaceId, name: args.name, color: args.color.toLowerCase() },
        select: LABEL_SELECT,
      });
      await recordWorkspaceEvent(tx, access.workspaceId, {
        kind: "label.created",
        entityId: label.id,
        actorId: access.userId,
      });
      return label;
    }),
  );
}

async function findLabel(db: Db, workspaceId: string, labelId: string) {
  const label = await db.label.findFirst({ where: { id: labelId, workspaceId }, select: { id: true } });
  if (!label) throw new AppError("NOT_FOUND", "Label not found.");
}

export async function updateLabel(db: Db, access: Access, labelId: string, patch: { name?: string; color?: string }) {
  await findLabel(db, access.workspaceId, labelId);
  return uniqueName(patch.name, () =>
    db.$transaction(async (tx) => {
      const label = await tx.label.update({
        where: { id: labelId, workspaceId: access.workspaceId },
        data: { name: patch.name, color: patch.color?.toLowerCase() },
        select: LABEL_SELECT,
      });
      await recordWorkspaceEvent(tx, access.workspaceId, {
        kind: "label.updated",
        entityId: labelId,
        fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined),
        actorId: access.userId,
      });
      return label;
    }),
  );
}

export async function deleteLabel(db: Db, access: Access, labelId: string) {
  await findLabel(db, access.workspaceId, labelId);
  await db.$transaction(async (tx) => {
    await tx.label.delete({ where: { id: labelId, workspaceId: access.workspaceId } });
    await recordWorkspaceEvent(tx, access.workspaceId, {
      kind: "label.deleted",
      entityId: labelId,
      actorId: access.userId,
    });
  });
  return { ok: true as const };
}
