import type { Prisma } from "~/generated/prisma/client";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import type { Access } from "~/server/access/access";
import { activityValue, recordActivity, type ActivityEntry } from "~/server/activity/service";
import { recordEvents, type EventInput } from "~/server/live/events";
import { notifyChanges } from "~/server/notifications/hooks";
import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { lastRank, lockColumn } from "./ordering";
import { rankBetween } from "./rank";
import { assertAssignable, assertLabels } from "./references";

type Tx = Prisma.TransactionClient;

export type BulkUpdateArgs = {
  ids: string[];
  status?: TaskStatus;
  priority?: TaskPriority;
  assigneeId?: string | null;
  dueDate?: Date | null;
  addLabelIds?: string[];
  removeLabelIds?: string[];
};

type BulkTask = {
  id: string;
  projectId: string;
  status: TaskStatus;
  priority: TaskPriority;
  assigneeId: string | null;
  dueDate: Date | null;
};

const same = (a: string | Date | null, b: string | Date | null) =>
  a instanceof Date || b instanceof Date ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime() : a === b;

// Applies one change to many tasks of one workspace, all or nothing.
export async function bulkUpdateTasks(db: Db, access: Access, args: BulkUpdateArgs) {
  const { workspaceId } = access;
  const ids = [...new Set(args.ids)];
  return db.$transaction(
    async (tx) => {
      const tasks = await tx.task.findMany({
        where: { id: { in: ids }, workspaceId, deletedAt: null },
        select: { id: true, projectId: true, status: true, priority: true, assigneeId: true, dueDate: true },
        orderBy: { position: "asc" },
      });
      if (tasks.length !== ids.length) throw new AppError("NOT_FOUND", "One or more tasks were not found.");
      await assertAssignable(tx, workspaceId, args.assigneeId);
      await assertLabels(tx, workspaceId, [...(args.addLabelIds ?? []), ...(args.removeLabelIds ?? [])]);

      const activity: ActivityEntry[] = [];
      const changed = (t: BulkTask, field: string, fromValue: string | null, toValue: string | null) =>
        activity.push({
          workspaceId,
          projectId: t.projectId,
          taskId: t.id,
          actorId: access.userId,
          action: "task.updated",
          field,
          fromValue,
          toValue,
        });
      for (const field of ["priority", "assigneeId", "dueDate"] as const) {
        const next = args[field];
        if (next === undefined) continue;
        const changing = tasks.filter((t) => !same(t[field], next));
        if (changing.length === 0) continue;
        await tx.task.updateMany({
          where: { id: { in: changing.map((t) => t.id) }, workspaceId },
          data: { [field]: next, version: { increment: 1 } },
        });
        for (const t of changing) changed(t, field, activityValue(t[field]), activityValue(next));
      }
      if (args.status !== undefined) {
        const status = args.status;
        for (const t of await bulkMove(tx, workspaceId, tasks, status)) changed(t, "status", t.status, status);
      }
      if (args.addLabelIds?.length || args.removeLabelIds?.length) {
        await bulkLabels(tx, workspaceId, ids, args.addLabelIds ?? [], args.removeLabelIds ?? []);
        const fromValue = args.removeLabelIds?.length ? `-${args.removeLabelIds.join(",")}` : null;
        const toValue = args.addLabelIds?.length ? `+${args.addLabelIds.join(",")}` : null;
        for (const t of tasks) changed(t, "labels", fromValue, toValue);
      }
      await recordActivity(tx, activity);
      await notifyChanges(tx, activity);
      await recordEvents(tx, await bulkEvents(tx, activity, access.userId));
      return { updated: tasks.length };
    },
    { timeout: 30_000 },
  );
}

// One event per changed task, naming its changed fields, at the version it ended with.
async function bulkEvents(tx: Tx, activity: ActivityEntry[], actorId: string): Promise<EventInput[]> {
  const fields = new Map<string, Set<string>>();
  for (const a of activity) {
    const set = fields.get(a.taskId!) ?? new Set<string>();
    fields.set(a.taskId!, set.add(a.field!));
    if (a.field === "status") set.add("position");
  }
  if (fields.size === 0) return [];
  const rows = await tx.task.findMany({
    where: { id: { in: [...fields.keys()] } },
    select: { id: true, projectId: true, version: true },
  });
  return rows.map((t) => ({
    projectId: t.projectId,
    kind: "task.updated",
    taskId: t.id,
    version: t.version,
    fields: [...fields.get(t.id)!],
    actorId,
  }));
}

// Moves each task not already there to the end of `status`, in their current order; answers those moved.
async function bulkMove(tx: Tx, workspaceId: string, tasks: BulkTask[], status: TaskStatus) {
  const moving = tasks.filter((t) => t.status !== status);
  const byProject = new Map<string, BulkTask[]>();
  for (const t of moving) byProject.set(t.projectId, [...(byProject.get(t.projectId) ?? []), t]);
  const now = new Date();
  const moved: BulkTask[] = [];
  for (const [projectId, group] of byProject) {
    const column = { workspaceId, projectId, status };
    await lockColumn(tx, column);
    let rank = await lastRank(tx, column);
    for (const t of group) {
      rank = rankBetween(rank, null);
      await tx.task.updateMany({
        where: { id: t.id, workspaceId },
        data: { status, position: rank, version: { increment: 1 }, completedAt: status === "DONE" ? now : null },
      });
    }
    moved.push(...group);
  }
  return moved;
}

async function bulkLabels(tx: Tx, workspaceId: string, ids: string[], add: string[], remove: string[]) {
  if (add.length) {
    await tx.taskLabel.createMany({
      data: ids.flatMap((taskId) => add.map((labelId) => ({ taskId, labelId }))),
      skipDuplicates: true,
    });
  }
  if (remove.length) {
    await tx.taskLabel.deleteMany({
      where: { taskId: { in: ids }, task: { workspaceId }, labelId: { in: remove } },
    });
  }
  await tx.task.updateMany({ where: { id: { in: ids }, workspaceId }, data: { version: { increment: 1 } } });
}
