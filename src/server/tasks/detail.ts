import type { Prisma } from "~/generated/prisma/client";
import type { Access } from "~/server/access/access";
import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";

type Tx = Prisma.TransactionClient;

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

export async function getTaskById(db: Db | Tx, access: Access, id: string): Promise<TaskDetail> {
  const row = await db.task.findFirst({ where: { id, workspaceId: access.workspaceId }, select: TASK_DETAIL });
  if (!row) throw new AppError("NOT_FOUND", "Task not found.");
  return toDetail(row);
}

export async function getTaskByRef(db: Db, access: Access, ref: string): Promise<TaskDetail> {
  const { workspaceId } = access;
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
