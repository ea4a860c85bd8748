import type { Prisma } from "~/generated/prisma/client";
import type { Access } from "~/server/access/access";
import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";

export type ActivityEntry = {
  workspaceId: string;
  projectId: string | null;
  taskId: string | null;
  actorId: string;
  action: string;
  field?: string;
  fromValue?: string | null;
  toValue?: string | null;
};

// Written in the transaction of the change it records, so the history never misses or invents one.
export async function recordActivity(tx: Prisma.TransactionClient, entries: ActivityEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.activity.createMany({
    data: entries.map((e) => ({
      workspaceId: e.workspaceId,
      projectId: e.projectId,
      taskId: e.taskId,
      actorId: e.actorId,
      action: e.action,
      field: e.field ?? null,
      fromValue: e.fromValue ?? null,
      toValue: e.toValue ?? null,
    })),
  });
}

/** A field's value as the activity record stores it. */
export function activityValue(value: string | number | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export type ActivityQuery = { taskId?: string; projectId?: string; limit: number; cursor?: string | null };

const ACTIVITY_SELECT = {
  id: true,
  action: true,
  field: true,
  fromValue: true,
  toValue: true,
  createdAt: true,
  taskId: true,
  projectId: true,
  actor: { select: { id: true, name: true } },
} as const;

// Newest first, paged by id cursor (ids break ties between entries written in one transaction).
export async function listActivity(db: Db, access: Access, { taskId, projectId, limit, cursor }: ActivityQuery) {
  const where = {
    workspaceId: access.workspaceId,
    ...(taskId ? { taskId } : {}),
    ...(projectId ? { projectId } : {}),
  };
  let after: { createdAt: Date; id: string } | null = null;
  if (cursor) {
    after = await db.activity.findFirst({ where: { ...where, id: cursor }, select: { createdAt: true, id: true } });
    if (!after) throw new AppError("BAD_REQUEST", "The cursor is malformed or out of date.");
  }
  const rows = await db.activity.findMany({
    where: after
      ? { ...where, OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : where,
    select: ACTIVITY_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}
