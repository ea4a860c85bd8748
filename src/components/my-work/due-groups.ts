// Due dates are calendar days stored as midnight UTC; "today" is the viewer's own calendar day.

export type DueGroup = "overdue" | "today" | "week" | "later" | "none";

export const DUE_GROUPS: { value: DueGroup; label: string }[] = [
  { value: "overdue", label: "Overdue" },
  { value: "today", label: "Today" },
  { value: "week", label: "This week" },
  { value: "later", label: "Later" },
  { value: "none", label: "No due date" },
];

const pad = (n: number) => String(n).padStart(2, "0");

/** The viewer's local calendar day as YYYY-MM-DD. */
export function localDay(now: Date): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The Sunday ending the Monday-first week that holds `day` (YYYY-MM-DD). */
export function endOfWeek(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() + 6 - sinceMonday);
  return date.toISOString().slice(0, 10);
}

export function dueGroupOf(dueDate: Date | null, today: string): DueGroup {
  if (!dueDate) return "none";
  const due = dueDate.toISOString().slice(0, 10);
  if (due < today) return "overdue";
  if (due === today) return "today";
  if (due <= endOfWeek(today)) return "week";
  return "later";
}
