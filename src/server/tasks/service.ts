import { detachFromPurgedTasks, sweepAttachments } from "~/server/attachments/service";
import type { Prisma } from "~/generated/prisma/client";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import type { Access } from "~/server/access/access";
import { activityValue, recordActivity, type ActivityEntry } from "~/server/activity/service";
import type { Db } from "~/server/db";
import { recordEvents, type EventInput } from "~/server/live/events";
import { AppError } from "~/server/errors";
import { notifyChanges, notifyMentions, notifyTaskCreated } from "~/server/notifications/hooks";
import { getTaskById } from "./detail";
import { endOfColumn, lockColumn, rankForMove } from "./ordering";
import { assertAssignable, assertLabels, assertParent } from "./references";

export type CreateTaskArgs = {
  projectId: string;
  title: string;
  description: string;
  status: TaskStatus;
  priority: TaskPriority;
  assigneeId: string | null;
  dueDate: Date | null;
  labelIds: string[];
  parentId: string | null;
};

export async function createTask(db: Db, access: Access, args: CreateTaskArgs) {
  const { workspaceId, userId: actorId } = access;
  return db.$transaction(async (tx) => {
    // Taking the next number locks the project row: creates in one project are serialised.
    const projects = await tx.$queryRaw<{ task_counter: number; archived_at: Date | null }[]>`
      UPDATE projects SET task_counter = task_counter + 1, updated_at = now()
      WHERE id = ${args.projectId} AND workspace_id = ${workspaceId}
      RETURNING task_counter, archived_at`;
    const project = projects[0];
    if (!project) throw new AppError("NOT_FOUND", "Project not found.");
    if (project.archived_at) throw new AppError("BAD_REQUEST", "The project is archived; unarchive it to add tasks.");
    // One connection per transaction: the checks run one after another.
    await assertAssignable(tx, workspaceId, args.assigneeId);
    await assertLabels(tx, workspaceId, args.labelIds);
    await assertParent(tx, workspaceId, args.projectId, args.parentId);
    const position = await endOfColumn(tx, { workspaceId, projectId: args.projectId, status: args.status });
    const task = await tx.task.create({
      data: {
        workspaceId,
        projectId: args.projectId,
        number: project.task_counter,
        title: args.title,
        description: args.description,
        status: args.status,
        priority: args.priority,
        position,
        assigneeId: args.assigneeId,
        creatorId: actorId,
        parentId: args.parentId,
        dueDate: args.dueDate,
        completedAt: args.status === "DONE" ? new Date() : null,
        labels: { create: args.labelIds.map((labelId) => ({ labelId })) },
      },
      select: { id: true },
    });
    await recordActivity(tx, [
      { workspaceId, projectId: args.projectId, taskId: task.id, actorId, action: "task.created", toValue: args.title },
    ]);
    await notifyTaskCreated(tx, {
      workspaceId,
      taskId: task.id,
      actorId,
      assigneeId: args.assigneeId,
      description: args.description,
    });
    await recordEvents(tx, [
      { projectId: args.projectId, kind: "task.created", taskId: task.id, version: 1, fields: [], actorId },
    ]);
    return getTaskById(tx, access, task.id);
  });
}

export type UpdateTaskArgs = {
  id: string;
  version: number;
  title?: string;
  description?: string;
  status?: TaskStatus;
  priority?: TaskPriority;
  assigneeId?: string | null;
  dueDate?: Date | null;
  labelIds?: string[];
  parentId?: string | null;
};

// Partial update guarded by the task's version: a stale version changes nothing and gets CONFLICT.
export async function updateTask(db: Db, access: Access, args: UpdateTaskArgs) {
  const { workspaceId, userId: actorId } = access;
  return db.$transaction(async (tx) => {
    const current = await tx.task.findFirst({
      where: { id: args.id, workspaceId, deletedAt: null },
      select: {
        projectId: true,
        title: true,
        description: true,
        status: true,
        priority: true,
        assigneeId: true,
        dueDate: true,
        parentId: true,
        version: true,
        labels: { select: { labelId: true } },
      },
    });
    if (!current) throw new AppError("NOT_FOUND", "Task not found.");
    if (current.version !== args.version) {
      throw new AppError("CONFLICT", "This task was changed by someone else. Reload it and try again.");
    }
    if (args.assigneeId !== undefined) await assertAssignable(tx, workspaceId, args.assigneeId);
    if (args.labelIds !== undefined) await assertLabels(tx, workspaceId, args.labelIds);
    if (args.parentId !== undefined) await assertParent(tx, workspaceId, current.projectId, args.parentId, args.id);

    const data: Prisma.TaskUncheckedUpdateManyInput = { version: { increment: 1 } };
    const activity: ActivityEntry[] = [];
    const base = { workspaceId, projectId: current.projectId, taskId: args.id, actorId, action: "task.updated" };
    for (const field of ["title", "description", "priority", "assigneeId", "dueDate", "parentId"] as const) {
      const next = args[field];
      if (next === undefined || activityValue(next) === activityValue(current[field])) continue;
      Object.assign(data, { [field]: next });
      activity.push({
        ...base,
        field,
        fromValue: field === "description" ? null : activityValue(current[field]),
        toValue: field === "description" ? null : activityValue(next),
      });
    }
    if (args.status !== undefined && args.status !== current.status) {
      data.status = args.status;
      data.position = await endOfColumn(tx, { workspaceId, projectId: current.projectId, status: args.status });
      data.completedAt = args.status === "DONE" ? new Date() : null;
      activity.push({ ...base, field: "status", fromValue: current.status, toValue: args.status });
    }

    // The version check is repeated in the UPDATE itself, so two writers racing past the read above
    // cannot both win.
    const updated = await tx.task.updateMany({
      where: { id: args.id, workspaceId, version: args.version, deletedAt: null },
      data,
    });
    if (updated.count !== 1) {
      throw new AppError("CONFLICT", "This task was changed by someone else. Reload it and try again.");
    }
    if (args.labelIds !== undefined) {
      const before = current.labels.map((l) => l.labelId).sort();
      const after = [...args.labelIds].sort();
      if (before.join() !== after.join()) {
        await tx.taskLabel.deleteMany({ where: { taskId: args.id, task: { workspaceId } } });
        await tx.taskLabel.createMany({ data: after.map((labelId) => ({ taskId: args.id, labelId })) });
        activity.push({
          ...base,
          field: "labels",
          fromValue: before.join(",") || null,
          toValue: after.join(",") || null,
        });
      }
    }
    await recordActivity(tx, activity);
    await notifyChanges(tx, activity);
    if (args.description !== undefined && args.description !== current.description) {
      await notifyMentions(tx, {
        workspaceId,
        taskId: args.id,
        actorId,
        before: current.description,
        after: args.description,
      });
    }
    const fields = activity.map((a) => a.field!);
    if (data.position !== undefined) fields.push("position");
    await recordEvents(tx, [
      {
        projectId: current.projectId,
        kind: "task.updated",
        taskId: args.id,
        version: args.version + 1,
        fields,
        actorId,
      },
    ]);
    return getTaskById(tx, access, args.id);
  });
}

export type MoveTaskArgs = {
  id: string;
  status: TaskStatus;
  afterId?: string | null;
  beforeId?: string | null;
  version?: number;
};

// Moves a task within or between columns. Only the moved row is written; the column lock makes
// concurrent moves compute ranks one after another, and the unique (project, status, position)
// index is the last line of defence.
export async function moveTask(db: Db, access: Access, args: MoveTaskArgs) {
  const { workspaceId, userId: actorId } = access;
  return db.$transaction(async (tx) => {
    const task = await tx.task.findFirst({
      where: { id: args.id, workspaceId, deletedAt: null },
      select: { projectId: true, status: true, position: true, version: true },
    });
    if (!task) throw new AppError("NOT_FOUND", "Task not found.");
    if (args.version !== undefined && args.version !== task.version) {
      throw new AppError("CONFLICT", "This task was changed by someone else. Reload it and try again.");
    }
    const column = { workspaceId, projectId: task.projectId, status: args.status };
    await lockColumn(tx, column);
    const position = await rankForMove(tx, column, args);

    const updated = await tx.task.updateMany({
      where: { id: args.id, workspaceId, version: task.version },
      data: {
        status: args.status,
        position,
        version: { increment: 1 },
        ...(args.status !== task.status ? { completedAt: args.status === "DONE" ? new Date() : null } : {}),
      },
    });
    if (updated.count !== 1) {
      throw new AppError("CONFLICT", "This task was changed by someone else. Reload it and try again.");
    }
    if (args.status !== task.status) {
      await recordActivity(tx, [
        {
          workspaceId,
          projectId: task.projectId,
          taskId: args.id,
          actorId,
          action: "task.moved",
          field: "status",
          fromValue: task.status,
          toValue: args.status,
        },
      ]);
      await notifyChanges(tx, [{ workspaceId, taskId: args.id, actorId, field: "status", toValue: args.status }]);
    }
    await recordEvents(tx, [
      {
        projectId: task.projectId,
        kind: "task.moved",
        taskId: args.id,
        version: task.version + 1,
        fields: args.status !== task.status ? ["status", "position"] : ["position"],
        actorId,
      },
    ]);
    return getTaskById(tx, access, args.id);
  });
}

type Trashed = { id: string; projectId: string; version: number };

// A task and the subtasks that go to (or come back from) the trash with it, each at its new version.
const trashEvents = (kind: "task.deleted" | "task.restored", tasks: Trashed[], actorId: string): EventInput[] =>
  tasks.map((t) => ({
    projectId: t.projectId,
    kind,
    taskId: t.id,
    version: t.version + 1,
    fields: ["deletedAt"],
    actorId,
  }));

export async function deleteTask(db: Db, access: Access, id: string) {
  const { workspaceId, userId: actorId } = access;
  return db.$transaction(async (tx) => {
    const task = await tx.task.findFirst({ where: { id, workspaceId, deletedAt: null }, select: { projectId: true } });
    if (!task) throw new AppError("NOT_FOUND", "Task not found.");
    const now = new Date();
    // Subtasks go to the trash with their parent.
    const where = { workspaceId, OR: [{ id }, { parentId: id, deletedAt: null }] };
    const affected = await tx.task.findMany({ where, select: { id: true, projectId: true, version: true } });
    await tx.task.updateMany({ where, data: { deletedAt: now, version: { increment: 1 } } });
    await recordActivity(tx, [{ workspaceId, projectId: task.projectId, taskId: id, actorId, action: "task.deleted" }]);
    await recordEvents(tx, trashEvents("task.deleted", affected, actorId));
    return getTaskById(tx, access, id);
  });
}

export async function restoreTask(db: Db, access: Access, id: string) {
  const { workspaceId, userId: actorId } = access;
  return db.$transaction(async (tx) => {
    const task = await tx.task.findFirst({
      where: { id, workspaceId, deletedAt: { not: null } },
      select: { projectId: true, deletedAt: true },
    });
    if (!task) throw new AppError("NOT_FOUND", "Task not found in the trash.");
    const where = { workspaceId, OR: [{ id }, { parentId: id, deletedAt: task.deletedAt }] };
    const affected = await tx.task.findMany({ where, select: { id: true, projectId: true, version: true } });
    await tx.task.updateMany({ where, data: { deletedAt: null, version: { increment: 1 } } });
    await recordActivity(tx, [
      { workspaceId, projectId: task.projectId, taskId: id, actorId, action: "task.restored" },
    ]);
    await recordEvents(tx, trashEvents("task.restored", affected, actorId));
    return getTaskById(tx, access, id);
  });
}

export const TRASH_RETENTION_DAYS = 30;

const PURGE_BATCH = 1_000;

// Permanently removes tasks that have been in the trash longer than the retention period, a batch per
// transaction, each purge an event for the project's live subscribers.
export async function purgeTrash(
  db: Db,
  options: { workspaceId?: string; projectId?: string; olderThan?: Date; actorId?: string } = {},
) {
  const cutoff = options.olderThan ?? new Date(Date.now() - TRASH_RETENTION_DAYS * 86_400_000);
  const where = {
    deletedAt: { lt: cutoff },
    ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}),
    ...(options.projectId ? { projectId: options.projectId } : {}),
  };
  let purged = 0;
  for (;;) {
    const count = await db.$transaction(async (tx) => {
      const batch = await tx.task.findMany({ where, select: { id: true, projectId: true }, take: PURGE_BATCH });
      if (batch.length === 0) return 0;
      // Notifications hold the task's id without a foreign key (see the model): deleted here.
      await tx.notification.deleteMany({ where: { taskId: { in: batch.map((t) => t.id) } } });
      // Their files stay in the bucket until the sweep that follows deletes them.
      await detachFromPurgedTasks(
        tx,
        batch.map((t) => t.id),
      );
      const deleted = await tx.task.deleteMany({ where: { ...where, id: { in: batch.map((t) => t.id) } } });
      await recordEvents(
        tx,
        batch.map((t) => ({
          projectId: t.projectId,
          kind: "task.purged",
          taskId: t.id,
          actorId: options.actorId ?? null,
        })),
      );
      return deleted.count;
    });
    purged += count;
    if (count < PURGE_BATCH) return { purged };
  }
}

/** The trash of one project: what has been in it longer than the retention period. */
export async function purgeProjectTrash(db: Db, access: Access, projectId: string) {
  const result = await purgeTrash(db, { workspaceId: access.workspaceId, projectId, actorId: access.userId });
  // The purged tasks' files; a failure is retried by the nightly sweep.
  if (result.purged > 0) await sweepAttachments(db, { workspaceId: access.workspaceId });
  return result;
}
