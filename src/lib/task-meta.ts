import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";

export const STATUSES: { value: TaskStatus; label: string; dot: string }[] = [
  { value: "BACKLOG", label: "Backlog", dot: "bg-zinc-400" },
  { value: "TODO", label: "Todo", dot: "bg-sky-500" },
  { value: "IN_PROGRESS", label: "In progress", dot: "bg-amber-500" },
  { value: "IN_REVIEW", label: "In review", dot: "bg-violet-500" },
  { value: "DONE", label: "Done", dot: "bg-emerald-600" },
  { value: "CANCELLED", label: "Cancelled", dot: "bg-rose-500" },
];

export const PRIORITIES: { value: TaskPriority; label: string }[] = [
  { value: "NONE", label: "No priority" },
  { value: "LOW", label: "Low" },
  { value: "MEDIUM", label: "Medium" },
  { value: "HIGH", label: "High" },
  { value: "URGENT", label: "Urgent" },
];

export const statusLabel = (status: TaskStatus) => STATUSES.find((s) => s.value === status)?.label ?? status;
export const priorityLabel = (priority: TaskPriority) =>
  PRIORITIES.find((p) => p.value === priority)?.label ?? priority;

export function formatDate(date: Date | null | undefined): string {
  if (!date) return "";
  return new Intl.DateTimeFormat("en", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }).format(
    date,
  );
}

export function toDateInput(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 10) : "";
}

export function fromDateInput(value: string): Date | null {
  return value ? new Date(`${value}T00:00:00.000Z`) : null;
}
