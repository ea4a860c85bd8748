import { Prisma } from "~/generated/prisma/client";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { rankBetween } from "./rank";

type Tx = Prisma.TransactionClient;

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

export async function recordActivity(tx: Tx, entries: ActivityEntry[]): Promise<void> {
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

const TASK_DETAIL = {
  id: true,
  workspaceId: true,
  projectId: true,
  number: true,
  title: true,
  description: true,
  status: true,
  priority: true,
  position: true,
  dueDate: true,
  parentId: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  completedAt: true,
  deletedAt: true,
  project: { select: { key: true } },
  assignee: { select: { id: true, name: true } },
  creator: { select: { id: true, name: true } },
  labels: { select: { label: { select: { id: true, name: true, color: true } } } },
  parent: { select: { id: true, number: true, title: true } },
  subtasks: {
    where: { deletedAt: null },
    select: { id: true, number: true, title: true, status: true },
    orderBy: { number: "asc" },
  },
} satisfies Prisma.TaskSelect;

type TaskDetailRow = Prisma.TaskGetPayload<{ select: typeof TASK_DETAIL }>;

function toDetail(row: TaskDetailRow) {
  const key = row.project.key;
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    projectId: row.projectId,
    ref: `${key}-${row.number}`,
    number: row.number,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    position: row.position,
    assignee: row.assignee,
    creator: row.creator,
    dueDate: row.dueDate,
    labels: row.labels.map((l) => l.label).sort((a, b) => a.name.localeCompare(b.name)),
    parentId: row.parentId,
    parent: row.parent ? { id: row.parent.id, ref: `${key}-${row.parent.number}`, title: row.parent.title } : null,
    subtasks: row.subtasks.map((s) => ({ id: s.id, ref: `${key}-${s.number}`, title: s.title, status: s.status })),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    completedAt: row.completedAt,
    deletedAt: row.deletedAt,
  };
}

export type TaskDetail = ReturnType<typeof toDetail>;

export async function getTaskById(db: Db | Tx, workspaceId: string, id: string): Promise<TaskDetail> {
  const row = await db.task.findFirst({ where: { id, workspaceId }, select: TASK_DETAIL });
  if (!row) throw new AppError("NOT_FOUND", "Task not found.");
  return toDetail(row);
}

export async function getTaskByRef(db: Db, workspaceId: string, ref: string): Promise<TaskDetail> {
  const match = /^([A-Za-z][A-Za-z0-9]*)-(\d+)$/.exec(ref);
  const row = match
    ? await db.task.findFirst({
        where: { workspaceId, number: Number(match[2]), project: { key: match[1]!.toUpperCase(), workspaceId } },
        select: TASK_DETAIL,
      })
    : null;
  if (!row) throw new AppError("NOT_FOUND", "Task not found.");
  return toDetail(row);
}

// Serialises every change to one status column of one project for the rest of the transaction, so
// concurrent moves always see each other's ranks.
async function lockColumn(tx: Tx, projectId: string, status: TaskStatus): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${projectId}:${status}`}, 0))`;
}

async function lastRank(tx: Tx, projectId: string, status: TaskStatus): Promise<string | null> {
  const last = await tx.task.findFirst({
    where: { projectId, status },
    orderBy: { position: "desc" },
    select: { position: true },
  });
  return last?.position ?? null;
}

async function assertAssignable(tx: Tx, workspaceId: string, assigneeId: string | null | undefined) {
  if (!assigneeId) return;
  const member = await tx.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: assigneeId } },
    select: { role: true },
  });
  if (!member) throw new AppError("BAD_REQUEST", "The assignee is not a member of this workspace.");
}

async function assertLabels(tx: Tx, workspaceId: string, labelIds: string[] | undefined) {
  if (!labelIds?.length) return;
  const found = await tx.label.count({ where: { workspaceId, id: { in: labelIds } } });
  if (found !== labelIds.length)
    throw new AppError("BAD_REQUEST", "One or more labels do not exist in this workspace.");
}

async function assertParent(tx: Tx, projectId: string, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  if (parentId === selfId) throw new AppError("BAD_REQUEST", "A task cannot be its own parent.");
  const parent = await tx.task.findFirst({
    where: { id: parentId, projectId, deletedAt: null },
    select: { parentId: true },
  });
  if (!parent) throw new AppError("BAD_REQUEST", "The parent task does not exist in this project.");
  // One level of subtasks: a subtask cannot have subtasks of its own.
  if (parent.parentId) throw new AppError("BAD_REQUEST", "Subtasks cannot have subtasks.");
  if (selfId) {
    const children = await tx.task.count({ where: { parentId: selfId, deletedAt: null } });
    if (children > 0) throw new AppError("BAD_REQUEST", "A task with subtasks cannot become a subtask.");
  }
}

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

export async function createTask(db: Db, actorId: string, workspaceId: string, args: CreateTaskArgs) {
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
    await assertParent(tx, args.projectId, args.parentId);
    await lockColumn(tx, args.projectId, args.status);
    const position = rankBetween(await lastRank(tx, args.projectId, args.status), null);
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
    return getTaskById(tx, workspaceId, task.id);
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

function show(value: string | number | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

// Partial update guarded by the task's version: a stale version changes nothing and gets CONFLICT.
export async function updateTask(db: Db, actorId: string, workspaceId: string, args: UpdateTaskArgs) {
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
    if (args.parentId !== undefined) await assertParent(tx, current.projectId, args.parentId, args.id);

    const data: Prisma.TaskUncheckedUpdateManyInput = { version: { increment: 1 } };
    const activity: ActivityEntry[] = [];
    const base = { workspaceId, projectId: current.projectId, taskId: args.id, actorId, action: "task.updated" };
    for (const field of ["title", "description", "priority", "assigneeId", "dueDate", "parentId"] as const) {
      const next = args[field];
      if (next === undefined || show(next) === show(current[field])) continue;
      Object.assign(data, { [field]: next });
      activity.push({
        ...base,
        field,
        fromValue: field === "description" ? null : show(current[field]),
        toValue: field === "description" ? null : show(next),
      });
    }
    if (args.status !== undefined && args.status !== current.status) {
      await lockColumn(tx, current.projectId, args.status);
      data.status = args.status;
      data.position = rankBetween(await lastRank(tx, current.projectId, args.status), null);
      data.completedAt = args.status === "DONE" ? new Date() : null;
      activity.push({ ...base, field: "status", fromValue: current.status, toValue: args.status });
    }

    // The version check is repeated in the UPDATE itself, so two writers racing past the read above
    // cannot both win.
    const updated = await tx.task.updateMany({ where: { id: args.id, version: args.version, deletedAt: null }, data });
    if (updated.count !== 1) {
      throw new AppError("CONFLICT", "This task was changed by someone else. Reload it and try again.");
    }
    if (args.labelIds !== undefined) {
      const before = current.labels.map((l) => l.labelId).sort();
      const after = [...args.labelIds].sort();
      if (before.join() !== after.join()) {
        await tx.taskLabel.deleteMany({ where: { taskId: args.id } });
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
    return getTaskById(tx, workspaceId, args.id);
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
export async function moveTask(db: Db, actorId: string, workspaceId: string, args: MoveTaskArgs) {
  return db.$transaction(async (tx) => {
    const task = await tx.task.findFirst({
      where: { id: args.id, workspaceId, deletedAt: null },
      select: { projectId: true, status: true, position: true, version: true },
    });
    if (!task) throw new AppError("NOT_FOUND", "Task not found.");
    if (args.version !== undefined && args.version !== task.version) {
      throw new AppError("CONFLICT", "This task was changed by someone else. Reload it and try again.");
    }
    await lockColumn(tx, task.projectId, args.status);

    const neighbour = async (neighbourId: string) => {
      if (neighbourId === args.id) throw new AppError("BAD_REQUEST", "A task cannot be placed next to itself.");
      const row = await tx.task.findFirst({
        where: { id: neighbourId, projectId: task.projectId, status: args.status, deletedAt: null },
        select: { position: true },
      });
      if (!row) throw new AppError("BAD_REQUEST", "The neighbouring task is not in that column.");
      return row.position;
    };
    const others = { projectId: task.projectId, status: args.status, id: { not: args.id } };
    let low: string | null;
    let high: string | null;
    if (args.afterId) {
      low = await neighbour(args.afterId);
      const next = await tx.task.findFirst({
        where: { ...others, position: { gt: low } },
        orderBy: { position: "asc" },
        select: { position: true },
      });
      high = next?.position ?? null;
    } else if (args.beforeId) {
      high = await neighbour(args.beforeId);
      const previous = await tx.task.findFirst({
        where: { ...others, position: { lt: high } },
        orderBy: { position: "desc" },
        select: { position: true },
      });
      low = previous?.position ?? null;
    } else {
      const last = await tx.task.findFirst({
        where: others,
        orderBy: { position: "desc" },
        select: { position: true },
      });
      low = last?.position ?? null;
      high = null;
    }
    const position = rankBetween(low, high);

    const updated = await tx.task.updateMany({
      where: { id: args.id, version: task.version },
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
    }
    return getTaskById(tx, workspaceId, args.id);
  });
}

export type BulkUpdateArgs = {
  ids: string[];
  status?: TaskStatus;
  priority?: TaskPriority;
  assigneeId?: string | null;
  addLabelIds?: string[];
  removeLabelIds?: string[];
};

// Applies one change to many tasks of one workspace, all or nothing.
export async function bulkUpdateTasks(db: Db, actorId: string, workspaceId: string, args: BulkUpdateArgs) {
  const ids = [...new Set(args.ids)];
  return db.$transaction(
    async (tx) => {
      const tasks = await tx.task.findMany({
        where: { id: { in: ids }, workspaceId, deletedAt: null },
        select: { id: true, projectId: true, status: true, priority: true, assigneeId: true },
        orderBy: { position: "asc" },
      });
      if (tasks.length !== ids.length) throw new AppError("NOT_FOUND", "One or more tasks were not found.");
      await assertAssignable(tx, workspaceId, args.assigneeId);
      await assertLabels(tx, workspaceId, [...(args.addLabelIds ?? []), ...(args.removeLabelIds ?? [])]);

      const activity: ActivityEntry[] = [];
      const now = new Date();
      for (const field of ["priority", "assigneeId"] as const) {
        const next = args[field];
        if (next === undefined) continue;
        const changing = tasks.filter((t) => t[field] !== next);
        if (changing.length === 0) continue;
        await tx.task.updateMany({
          where: { id: { in: changing.map((t) => t.id) } },
          data: { [field]: next, version: { increment: 1 } },
        });
        for (const t of changing) {
          activity.push({
            workspaceId,
            projectId: t.projectId,
            taskId: t.id,
            actorId,
            action: "task.updated",
            field,
            fromValue: show(t[field]),
            toValue: show(next),
          });
        }
      }
      if (args.status !== undefined) {
        const moving = tasks.filter((t) => t.status !== args.status);
        const byProject = new Map<string, typeof moving>();
        for (const t of moving) byProject.set(t.projectId, [...(byProject.get(t.projectId) ?? []), t]);
        for (const [projectId, group] of byProject) {
          await lockColumn(tx, projectId, args.status);
          let rank = await lastRank(tx, projectId, args.status);
          for (const t of group) {
            rank = rankBetween(rank, null);
            await tx.task.update({
              where: { id: t.id },
              data: {
                status: args.status,
                position: rank,
                version: { increment: 1 },
                completedAt: args.status === "DONE" ? now : null,
              },
            });
            activity.push({
              workspaceId,
              projectId,
              taskId: t.id,
              actorId,
              action: "task.updated",
              field: "status",
              fromValue: t.status,
              toValue: args.status,
            });
          }
        }
      }
      if (args.addLabelIds?.length) {
        await tx.taskLabel.createMany({
          data: ids.flatMap((taskId) => args.addLabelIds!.map((labelId) => ({ taskId, labelId }))),
          skipDuplicates: true,
        });
      }
      if (args.removeLabelIds?.length) {
        await tx.taskLabel.deleteMany({ where: { taskId: { in: ids }, labelId: { in: args.removeLabelIds } } });
      }
      if (args.addLabelIds?.length || args.removeLabelIds?.length) {
        await tx.task.updateMany({ where: { id: { in: ids } }, data: { version: { increment: 1 } } });
        for (const t of tasks) {
          activity.push({
            workspaceId,
            projectId: t.projectId,
            taskId: t.id,
            actorId,
            action: "task.updated",
            field: "labels",
            fromValue: args.removeLabelIds?.length ? `-${args.removeLabelIds.join(",")}` : null,
            toValue: args.addLabelIds?.length ? `+${args.addLabelIds.join(",")}` : null,
          });
        }
      }
      await recordActivity(tx, activity);
      return { updated: tasks.length };
    },
    { timeout: 30_000 },
  );
}

export async function deleteTask(db: Db, actorId: string, workspaceId: string, id: string) {
  return db.$transaction(async (tx) => {
    const task = await tx.task.findFirst({ where: { id, workspaceId, deletedAt: null }, select: { projectId: true } });
    if (!task) throw new AppError("NOT_FOUND", "Task not found.");
    const now = new Date();
    // Subtasks go to the trash with their parent.
    await tx.task.updateMany({
      where: { OR: [{ id }, { parentId: id, deletedAt: null }] },
      data: { deletedAt: now, version: { increment: 1 } },
    });
    await recordActivity(tx, [{ workspaceId, projectId: task.projectId, taskId: id, actorId, action: "task.deleted" }]);
    return getTaskById(tx, workspaceId, id);
  });
}

export async function restoreTask(db: Db, actorId: string, workspaceId: string, id: string) {
  return db.$transaction(async (tx) => {
    const task = await tx.task.findFirst({
      where: { id, workspaceId, deletedAt: { not: null } },
      select: { projectId: true, deletedAt: true },
    });
    if (!task) throw new AppError("NOT_FOUND", "Task not found in the trash.");
    await tx.task.updateMany({
      where: { OR: [{ id }, { parentId: id, deletedAt: task.deletedAt }] },
      data: { deletedAt: null, version: { increment: 1 } },
    });
    await recordActivity(tx, [
      { workspaceId, projectId: task.projectId, taskId: id, actorId, action: "task.restored" },
    ]);
    return getTaskById(tx, workspaceId, id);
  });
}

export const TRASH_RETENTION_DAYS = 30;

// Permanently removes tasks that have been in the trash longer than the retention period.
export async function purgeTrash(db: Db, options: { workspaceId?: string; projectId?: string; olderThan?: Date } = {}) {
  const cutoff = options.olderThan ?? new Date(Date.now() - TRASH_RETENTION_DAYS * 86_400_000);
  const { count } = await db.task.deleteMany({
    where: {
      deletedAt: { lt: cutoff },
      ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}),
      ...(options.projectId ? { projectId: options.projectId } : {}),
    },
  });
  return { purged: count };
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
