import { Prisma } from "~/generated/prisma/client";
import { TaskStatus } from "~/generated/prisma/enums";
import type { Access } from "~/server/access/access";
import { sqlRows, type Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { toRow, type RawTaskRow, type TaskListRow } from "./list";

export type MyTasksSort = "status" | "dueDate";

export type MyTasksQuery = {
  /** Done and cancelled tasks too; open ones only by default. */
  includeDone: boolean;
  sort: MyTasksSort;
  limit: number;
  cursor?: string | null;
};

export type MyTaskRow = TaskListRow & { projectKey: string; projectName: string };

const STATUS_ORDER = Object.values(TaskStatus);
const OPEN_STATUSES = STATUS_ORDER.filter((s) => s !== "DONE" && s !== "CANCELLED");

// Both orders end in (due date, nulls last; id); the status order starts with the status.
type Cursor = { s: TaskStatus; d: string | null; i: string };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(raw: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    const validDate =
      value.d === null ||
      (typeof value.d === "string" && Date.parse(value.d) >= 0 && Date.parse(value.d) < Date.UTC(10000, 0, 1));
    if (
      STATUS_ORDER.includes(value.s) &&
      validDate &&
      typeof value.i === "string" &&
      /^[A-Za-z0-9_-]{1,64}$/.test(value.i)
    ) {
      return value;
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError("BAD_REQUEST", "The cursor is malformed.");
}

type RawRow = RawTaskRow & { project_name: string };

const TASK_COLUMNS = Prisma.sql`t.id, t.project_id, t.number, t.title, t.status, t.priority, t.position, t.assignee_id,
  t.due_date, t.parent_id, t.version, t.created_at, t.updated_at, t.completed_at, t.deleted_at`;

// Rows after (d, i) in the order (due_date ASC NULLS LAST, id), as conditions the index
// (workspace_id, assignee_id, status, due_date, id) can start its scan from; several mean "any of".
function after(d: string | null, i: string): Prisma.Sql[] {
  if (d === null) return [Prisma.sql`t.due_date IS NULL AND t.id > ${i}`];
  return [Prisma.sql`(t.due_date, t.id) > (${new Date(d)}, ${i})`, Prisma.sql`t.due_date IS NULL`];
}

// One page of the caller's tasks in a workspace, across its projects that are not archived.
// Each status is one ordered scan of (workspace_id, assignee_id, status, due_date, id), LIMITed, so
// a page costs the same however many tasks the person or the workspace has.
export async function listMyTasks(
  db: Db,
  access: Access,
  query: MyTasksQuery,
): Promise<{ items: MyTaskRow[]; nextCursor: string | null }> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const take = query.limit + 1;
  const statuses = query.includeDone ? STATUS_ORDER : OPEN_STATUSES;

  const parts: Prisma.Sql[] = [];
  for (const status of statuses) {
    const base = [
      Prisma.sql`t.workspace_id = ${access.workspaceId}`,
      Prisma.sql`t.assignee_id = ${access.userId}`,
      Prisma.sql`t.status = ${status}::"TaskStatus"`,
      Prisma.sql`t.deleted_at IS NULL`,
      Prisma.sql`EXISTS (SELECT 1 FROM projects ap WHERE ap.id = t.project_id AND ap.archived_at IS NULL)`,
    ];
    let branches: Prisma.Sql[][] = [[]];
    if (cursor) {
      const position = STATUS_ORDER.indexOf(status) - STATUS_ORDER.indexOf(cursor.s);
      if (query.sort === "status" && position < 0) continue;
      if (query.sort === "dueDate" || position === 0) branches = after(cursor.d, cursor.i).map((c) => [c]);
    }
    for (const extra of branches) {
      parts.push(Prisma.sql`(SELECT ${TASK_COLUMNS} FROM tasks t WHERE ${Prisma.join([...base, ...extra], " AND ")}
        ORDER BY t.due_date ASC NULLS LAST, t.id LIMIT ${take})`);
    }
  }
  if (parts.length === 0) return { items: [], nextCursor: null };

  const order = query.sort === "status" ? "status, due_date ASC NULLS LAST, id" : "due_date ASC NULLS LAST, id, status";
  const rows = await sqlRows<RawRow>(
    db,
    Prisma.sql`
    SELECT c.*, p.key, p.name AS project_name, u.name AS assignee_name,
      COALESCE((SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) ORDER BY l.name)
                FROM task_labels tl JOIN labels l ON l.id = tl.label_id WHERE tl.task_id = c.id), '[]'::json) AS labels
    FROM (SELECT * FROM (${Prisma.join(parts, " UNION ALL ")}) AS page ORDER BY ${Prisma.raw(order)} LIMIT ${take}) AS c
    JOIN projects p ON p.id = c.project_id
    LEFT JOIN users u ON u.id = c.assignee_id
    ORDER BY ${Prisma.raw(
      order
        .split(", ")
        .map((column) => `c.${column}`)
        .join(", "),
    )}`,
  );
  const items = rows.slice(0, query.limit).map(toMyRow);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({ s: last.status, d: last.dueDate?.toISOString() ?? null, i: last.id })
      : null;
  return { items, nextCursor };
}

function toMyRow(raw: RawRow): MyTaskRow {
  return { ...toRow(raw), projectKey: raw.key, projectName: raw.project_name };
}
