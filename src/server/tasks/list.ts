import { Prisma } from "~/generated/prisma/client";
import { TaskStatus, type TaskPriority } from "~/generated/prisma/enums";
import type { Access } from "~/server/access/access";
import { sqlRows, type Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { isValidRank } from "./rank";

export type TaskSort = "position" | "dueDate" | "priority" | "updated";

export type ListTasksQuery = {
  projectId: string;
  status?: TaskStatus[];
  /** A user id, or "none" for unassigned tasks. */
  assigneeId?: string;
  labelIds?: string[];
  priority?: TaskPriority[];
  /** Exclusive. */
  dueBefore?: Date;
  /** Inclusive. */
  dueAfter?: Date;
  /** Only tasks without a due date. */
  noDueDate?: boolean;
  search?: string;
  parentId?: string;
  sort: TaskSort;
  limit: number;
  cursor?: string | null;
  trash?: boolean;
};

export type TaskListRow = {
  id: string;
  projectId: string;
  ref: string;
  number: number;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  position: string;
  assignee: { id: string; name: string | null } | null;
  dueDate: Date | null;
  labels: { id: string; name: string; color: string }[];
  parentId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  deletedAt: Date | null;
};

/** A task row as the list queries select it. */
export type RawTaskRow = {
  id: string;
  project_id: string;
  key: string;
  number: number;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  position: string;
  assignee_id: string | null;
  assignee_name: string | null;
  due_date: Date | null;
  labels: { id: string; name: string; color: string }[] | string;
  parent_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  deleted_at: Date | null;
};

const STATUS_ORDER = Object.values(TaskStatus);
const PRIORITY_ORDER: TaskPriority[] = ["NONE", "LOW", "MEDIUM", "HIGH", "URGENT"];

type Cursor =
  | { k: "position"; s: TaskStatus; p: string }
  | { k: "dueDate"; d: string | null; i: string }
  | { k: "priority"; r: TaskPriority; i: string }
  | { k: "updated"; u: string; i: string };

const isId = (value: unknown) => typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);
const isStorableDate = (value: unknown) => {
  if (typeof value !== "string") return false;
  const time = Date.parse(value);
  return time >= 0 && time < Date.UTC(10000, 0, 1);
};

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(raw: string, sort: TaskSort): Cursor {
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    const valid =
      value.k === sort &&
      (value.k === "position"
        ? STATUS_ORDER.includes(value.s) && typeof value.p === "string" && isValidRank(value.p)
        : value.k === "dueDate"
          ? (value.d === null || isStorableDate(value.d)) && isId(value.i)
          : value.k === "priority"
            ? PRIORITY_ORDER.includes(value.r) && isId(value.i)
            : isStorableDate(value.u) && isId(value.i));
    if (valid) return value;
  } catch {
    // fall through to the error below
  }
  throw new AppError("BAD_REQUEST", "The cursor is malformed or belongs to another sort order.");
}

type ScopedQuery = ListTasksQuery & { workspaceId: string };

// Filters shared by every sort order, on the `tasks` row aliased `t`.
function filters(query: ScopedQuery): Prisma.Sql[] {
  const where: Prisma.Sql[] = [
    Prisma.sql`t.workspace_id = ${query.workspaceId}`,
    Prisma.sql`t.project_id = ${query.projectId}`,
    query.trash ? Prisma.sql`t.deleted_at IS NOT NULL` : Prisma.sql`t.deleted_at IS NULL`,
  ];
  if (query.assigneeId === "none") where.push(Prisma.sql`t.assignee_id IS NULL`);
  else if (query.assigneeId) where.push(Prisma.sql`t.assignee_id = ${query.assigneeId}`);
  if (query.labelIds?.length) {
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM task_labels tl WHERE tl.task_id = t.id AND tl.label_id = ANY(${query.labelIds}::text[]))`,
    );
  }
  if (query.priority?.length) where.push(Prisma.sql`t.priority = ANY(${query.priority}::"TaskPriority"[])`);
  if (query.dueBefore) where.push(Prisma.sql`t.due_date < ${query.dueBefore}`);
  if (query.dueAfter) where.push(Prisma.sql`t.due_date >= ${query.dueAfter}`);
  if (query.noDueDate) where.push(Prisma.sql`t.due_date IS NULL`);
  if (query.search) where.push(Prisma.sql`t.search_vector @@ websearch_to_tsquery('english', ${query.search})`);
  if (query.parentId) where.push(Prisma.sql`t.parent_id = ${query.parentId}`);
  return where;
}

const TASK_COLUMNS = Prisma.sql`t.id, t.project_id, t.number, t.title, t.status, t.priority, t.position, t.assignee_id,
  t.due_date, t.parent_id, t.version, t.created_at, t.updated_at, t.completed_at, t.deleted_at`;

// Candidate rows for one page, in sort order. For the board order this is one ordered index scan per
// status (UNION ALL of LIMITed scans on (project_id, status, position)), which stays flat as a project
// grows, where a single `status IN (...) ORDER BY status, position` would walk the whole project.
function candidates(query: ScopedQuery, cursor: Cursor | null, take: number): { sql: Prisma.Sql; order: string[] } {
  const base = filters(query);
  const statuses = query.status?.length ? STATUS_ORDER.filter((s) => query.status!.includes(s)) : STATUS_ORDER;

  switch (query.sort) {
    case "position": {
      const from = cursor?.k === "position" ? STATUS_ORDER.indexOf(cursor.s) : -1;
      const parts = statuses
        .filter((status) => STATUS_ORDER.indexOf(status) >= from)
        .map((status) => {
          const where = [...base, Prisma.sql`t.status = ${status}::"TaskStatus"`];
          if (cursor?.k === "position" && cursor.s === status) where.push(Prisma.sql`t.position > ${cursor.p}`);
          return Prisma.sql`(SELECT ${TASK_COLUMNS} FROM tasks t WHERE ${Prisma.join(where, " AND ")}
            ORDER BY t.position LIMIT ${take})`;
        });
      if (parts.length === 0)
        return { sql: Prisma.sql`(SELECT ${TASK_COLUMNS} FROM tasks t WHERE false)`, order: ["status", "position"] };
      return { sql: Prisma.join(parts, " UNION ALL "), order: ["status", "position"] };
    }
    case "dueDate": {
      const where = [...base];
      if (query.status?.length) where.push(Prisma.sql`t.status = ANY(${statuses}::"TaskStatus"[])`);
      if (cursor?.k === "dueDate") {
        where.push(
          cursor.d === null
            ? Prisma.sql`(t.due_date IS NULL AND t.id > ${cursor.i})`
            : Prisma.sql`(t.due_date > ${new Date(cursor.d)} OR (t.due_date = ${new Date(cursor.d)} AND t.id > ${cursor.i}) OR t.due_date IS NULL)`,
        );
      }
      return {
        sql: Prisma.sql`(SELECT ${TASK_COLUMNS} FROM tasks t WHERE ${Prisma.join(where, " AND ")}
          ORDER BY t.due_date ASC NULLS LAST, t.id LIMIT ${take})`,
        order: ["due_date ASC NULLS LAST", "id"],
      };
    }
    case "priority": {
      const where = [...base];
      if (query.status?.length) where.push(Prisma.sql`t.status = ANY(${statuses}::"TaskStatus"[])`);
      if (cursor?.k === "priority") {
        where.push(
          Prisma.sql`(t.priority < ${cursor.r}::"TaskPriority" OR (t.priority = ${cursor.r}::"TaskPriority" AND t.id > ${cursor.i}))`,
        );
      }
      return {
        sql: Prisma.sql`(SELECT ${TASK_COLUMNS} FROM tasks t WHERE ${Prisma.join(where, " AND ")}
          ORDER BY t.priority DESC, t.id LIMIT ${take})`,
        order: ["priority DESC", "id"],
      };
    }
    case "updated": {
      const where = [...base];
      if (query.status?.length) where.push(Prisma.sql`t.status = ANY(${statuses}::"TaskStatus"[])`);
      if (cursor?.k === "updated") {
        const at = new Date(cursor.u);
        where.push(Prisma.sql`(t.updated_at < ${at} OR (t.updated_at = ${at} AND t.id < ${cursor.i}))`);
      }
      return {
        sql: Prisma.sql`(SELECT ${TASK_COLUMNS} FROM tasks t WHERE ${Prisma.join(where, " AND ")}
          ORDER BY t.updated_at DESC, t.id DESC LIMIT ${take})`,
        order: ["updated_at DESC", "id DESC"],
      };
    }
  }
}

function cursorFor(row: TaskListRow, sort: TaskSort): string {
  switch (sort) {
    case "position":
      return encodeCursor({ k: "position", s: row.status, p: row.position });
    case "dueDate":
      return encodeCursor({ k: "dueDate", d: row.dueDate?.toISOString() ?? null, i: row.id });
    case "priority":
      return encodeCursor({ k: "priority", r: row.priority, i: row.id });
    case "updated":
      return encodeCursor({ k: "updated", u: row.updatedAt.toISOString(), i: row.id });
  }
}

export function toRow(raw: RawTaskRow): TaskListRow {
  return {
    id: raw.id,
    projectId: raw.project_id,
    ref: `${raw.key}-${raw.number}`,
    number: raw.number,
    title: raw.title,
    status: raw.status,
    priority: raw.priority,
    position: raw.position,
    assignee: raw.assignee_id ? { id: raw.assignee_id, name: raw.assignee_name } : null,
    dueDate: raw.due_date,
    labels: typeof raw.labels === "string" ? (JSON.parse(raw.labels) as TaskListRow["labels"]) : raw.labels,
    parentId: raw.parent_id,
    version: raw.version,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    completedAt: raw.completed_at,
    deletedAt: raw.deleted_at,
  };
}

// One page of a project's tasks in a single SQL statement: candidates, assignee names and labels.
export async function listTasks(
  db: Db,
  access: Access,
  query: ListTasksQuery,
): Promise<{ items: TaskListRow[]; nextCursor: string | null }> {
  const cursor = query.cursor ? decodeCursor(query.cursor, query.sort) : null;
  const take = query.limit + 1;
  const { sql, order } = candidates({ ...query, workspaceId: access.workspaceId }, cursor, take);
  const pageOrder = Prisma.raw(order.join(", "));
  const outerOrder = Prisma.raw(order.map((column) => `c.${column}`).join(", "));
  const rows = await sqlRows<RawTaskRow>(
    db,
    Prisma.sql`
    SELECT c.*, p.key, u.name AS assignee_name,
      COALESCE((SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) ORDER BY l.name)
                FROM task_labels tl JOIN labels l ON l.id = tl.label_id WHERE tl.task_id = c.id), '[]'::json) AS labels
    FROM (SELECT * FROM (${sql}) AS page ORDER BY ${pageOrder} LIMIT ${take}) AS c
    JOIN projects p ON p.id = c.project_id
    LEFT JOIN users u ON u.id = c.assignee_id
    ORDER BY ${outerOrder}`,
  );
  const items = rows.slice(0, query.limit).map(toRow);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? cursorFor(last, query.sort) : null };
}
