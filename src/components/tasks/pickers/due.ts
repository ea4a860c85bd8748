const DAY = 86_400_000;

/** Midnight UTC of the calendar day `now` falls on in the person's own time zone. */
export function today(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

export type DueChoice = { value: string; label: string; date: Date | null };

// The quick choices of the due date picker; due dates are whole days stored as midnight UTC.
export function dueChoices(now: Date = new Date()): DueChoice[] {
  const start = today(now);
  const weekday = start.getUTCDay(); // 0 = Sunday
  const toMonday = ((8 - weekday) % 7 || 7) * DAY;
  return [
    { value: "today", label: "Today", date: start },
    { value: "tomorrow", label: "Tomorrow", date: new Date(start.getTime() + DAY) },
    { value: "next-week", label: "Next week", date: new Date(start.getTime() + toMonday) },
    { value: "none", label: "No due date", date: null },
  ];
}

/** Past its due day: due before today and not finished. */
export function isOverdue(due: Date | null | undefined, done: boolean, now: Date = new Date()): boolean {
  return !!due && !done && due.getTime() < today(now).getTime();
}

/** "Today", "Tomorrow", "Yesterday", or a short date ("Mar 4", with the year when it is not this year's). */
export function dueLabel(due: Date | null | undefined, now: Date = new Date()): string {
  if (!due) return "No due date";
  const days = Math.round((due.getTime() - today(now).getTime()) / DAY);
  if (days === 0) return "Today";
  if (days === 1) return "Tomorrow";
  if (days === -1) return "Yesterday";
  const sameYear = due.getUTCFullYear() === today(now).getUTCFullYear();
  return new Intl.DateTimeFormat("en", {
    month: "short",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
    timeZone: "UTC",
  }).format(due);
}
