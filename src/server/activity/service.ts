import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";

export type ActivityScope = { workspaceId: string; taskId?: string; projectId?: string };

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
export async function listActivity(db: Db, scope: ActivityScope, limit: number, cursor?: string | null) {
  const where = {
    workspaceId: scope.workspaceId,
    ...(scope.taskId ? { taskId: scope.taskId } : {}),
    ...(scope.projectId ? { projectId: scope.projectId } : {}),
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
