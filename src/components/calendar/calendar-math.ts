// Calendar days as YYYY-MM-DD strings. Due dates are stored at midnight UTC, so the arithmetic runs on
// UTC dates and never meets the viewer's time zone; only "today" comes from the local clock.

export type CalendarView = "month" | "week";
export const CALENDAR_VIEWS = ["month", "week"] as const;

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const toDate = (day: string) => new Date(`${day}T00:00:00.000Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

/** The day if it is a real calendar day written YYYY-MM-DD, else null. */
export function parseDay(value: string | null | undefined): string | null {
  if (!value || !DAY_PATTERN.test(value)) return null;
  const date = toDate(value);
  return !Number.isNaN(date.getTime()) && toDay(date) === value ? value : null;
}

export function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * DAY_MS));
}

/** The Monday starting the week that holds `day`. */
export function startOfWeek(day: string): string {
  const weekday = (toDate(day).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

export function startOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function addMonths(day: string, months: number): string {
  const date = toDate(startOfMonth(day));
  date.setUTCMonth(date.getUTCMonth() + months);
  return toDay(date);
}

/** The days shown, whole Monday-first weeks; `end` is the day after the last one. */
export function visibleRange(view: CalendarView, day: string): { start: string; end: string; weeks: string[][] } {
  const start = view === "week" ? startOfWeek(day) : startOfWeek(startOfMonth(day));
  const last = view === "week" ? addDays(start, 6) : addDays(addMonths(day, 1), -1);
  const weeks: string[][] = [];
  for (let monday = start; monday <= last; monday = addDays(monday, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(monday, i)));
  }
  return { start, end: addDays(weeks[weeks.length - 1]![6]!, 1), weeks };
}

/** The same view one step earlier (-1) or later (+1). */
export function step(view: CalendarView, day: string, direction: -1 | 1): string {
  return view === "week" ? addDays(startOfWeek(day), 7 * direction) : addMonths(day, direction);
}

export function sameMonth(a: string, b: string): boolean {
  return a.slice(0, 7) === b.slice(0, 7);
}

export function dayLabel(day: string, style: "long" | "short" = "long"): string {
  return new Intl.DateTimeFormat("en", {
    weekday: style,
    month: style,
    day: "numeric",
    ...(style === "long" ? { year: "numeric" } : {}),
    timeZone: "UTC",
  }).format(toDate(day));
}

export function rangeTitle(view: CalendarView, day: string): string {
  if (view === "month") {
    return new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" }).format(toDate(day));
  }
  const start = startOfWeek(day);
  const end = addDays(start, 6);
  const format = (d: string, withYear: boolean) =>
    new Intl.DateTimeFormat("en", {
      month: "short",
      day: "numeric",
      ...(withYear ? { year: "numeric" } : {}),
      timeZone: "UTC",
    }).format(toDate(d));
  return `${format(start, start.slice(0, 4) !== end.slice(0, 4))} – ${format(end, true)}`;
}

export const dayOf = (date: Date) => toDay(date);
export const dateOf = (day: string) => toDate(day);
