import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";

export type Sort = "position" | "dueDate" | "priority" | "updated";
export type Due = "any" | "overdue" | "week";
export type Filters = {
  statuses: TaskStatus[];
  assignee: string;
  label: string;
  priority: TaskPriority | "";
  due: Due;
  sort: Sort;
  search: string;
};

export const NO_FILTERS: Filters = {
  statuses: [],
  assignee: "",
  label: "",
  priority: "",
  due: "any",
  sort: "position",
  search: "",
};

export const DAY = 86_400_000;
const OPEN: TaskStatus[] = ["BACKLOG", "TODO", "IN_PROGRESS", "IN_REVIEW"];

// The task.list input for these filters; `today` is midnight UTC in ms, so the key stays stable.
export function listInput(projectId: string, f: Filters, today: number) {
  return {
    projectId,
    sort: f.sort,
    limit: 50,
    ...(f.statuses.length ? { status: f.statuses } : {}),
    ...(f.assignee ? { assigneeId: f.assignee } : {}),
    ...(f.label ? { labelIds: [f.label] } : {}),
    ...(f.priority ? { priority: [f.priority] } : {}),
    ...(f.due === "overdue" ? { dueBefore: new Date(today), status: f.statuses.length ? f.statuses : OPEN } : {}),
    ...(f.due === "week" ? { dueAfter: new Date(today), dueBefore: new Date(today + 8 * DAY) } : {}),
    ...(f.search ? { search: f.search } : {}),
  };
}

export function isFiltered(f: Filters): boolean {
  return f.statuses.length > 0 || !!f.assignee || !!f.label || !!f.priority || f.due !== "any" || !!f.search;
}
