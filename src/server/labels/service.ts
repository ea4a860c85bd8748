import type { Access } from "~/server/access/access";
import type { Db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors";

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
    db.label.create({
      data: { workspaceId: access.workspaceId, name: args.name, color: args.color.toLowerCase() },
      select: LABEL_SELECT,
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
    db.label.update({
      where: { id: labelId, workspaceId: access.workspaceId },
      data: { name: patch.name, color: patch.color?.toLowerCase() },
      select: LABEL_SELECT,
    }),
  );
}

export async function deleteLabel(db: Db, access: Access, labelId: string) {
  await findLabel(db, access.workspaceId, labelId);
  await db.label.delete({ where: { id: labelId, workspaceId: access.workspaceId } });
  return { ok: true as const };
}
