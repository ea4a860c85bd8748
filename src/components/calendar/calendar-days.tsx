"use client";

import type { ReactNode } from "react";
import { dayLabel, sameMonth } from "./calendar-math";
import { DropZone } from "./day-cell";
import type { CalendarTask } from "./use-calendar-tasks";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_LIMIT = 3;

type DaysProps = {
  weeks: string[][];
  anchor: string;
  today: string;
  byDay: Map<string, CalendarTask[]>;
  canEdit: boolean;
  renderChip: (task: CalendarTask, stacked?: boolean) => ReactNode;
  onDropTask: (taskId: string, day: string) => void;
  onShowDay: (day: string) => void;
};

function DayNumber({ day, today, dimmed }: { day: string; today: string; dimmed: boolean }) {
  const isToday = day === today;
  return (
    <span
      className={`inline-flex size-6 items-center justify-center rounded-full text-xs tabular-nums ${
        isToday
          ? "bg-indigo-600 font-semibold text-white"
          : dimmed
            ? "text-zinc-500 dark:text-zinc-400"
            : "text-zinc-800 dark:text-zinc-200"
      }`}
    >
      <span aria-hidden>{Number(day.slice(8))}</span>
      <span className="sr-only">
        {dayLabel(day)}
        {isToday ? " (today)" : ""}
      </span>
    </span>
  );
}

/** Month view: whole weeks, Monday first; the days of other months dimmed. */
export function MonthGrid({ weeks, anchor, today, byDay, canEdit, renderChip, onDropTask, onShowDay }: DaysProps) {
  return (
    <div className="overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800">
      <div
        aria-hidden
        className="grid grid-cols-7 border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900"
      >
        {WEEKDAYS.map((d) => (
          <div key={d} className="px-2 py-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            {d}
          </div>
        ))}
      </div>
      <ol className="grid grid-cols-7" aria-label="Days">
        {weeks.flat().map((day) => {
          const tasks = byDay.get(day) ?? [];
          const dimmed = !sameMonth(day, anchor);
          const shown = tasks.slice(0, MONTH_LIMIT);
          return (
            <li key={day} aria-current={day === today ? "date" : undefined} className="min-w-0">
              <DropZone
                data-day={day}
                enabled={canEdit}
                onDropTask={(id) => onDropTask(id, day)}
                className={`flex h-full min-h-28 flex-col gap-1 border-r border-b border-zinc-200 p-1 dark:border-zinc-800 ${
                  dimmed ? "bg-zinc-50 dark:bg-zinc-900/60" : "bg-white dark:bg-zinc-950"
                }`}
              >
                <DayNumber day={day} today={today} dimmed={dimmed} />
                {shown.length > 0 ? (
                  <ul className="flex min-w-0 flex-col gap-1">
                    {shown.map((task) => (
                      <li key={task.id} className="min-w-0">
                        {renderChip(task, true)}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {tasks.length > MONTH_LIMIT ? (
                  <button
                    type="button"
                    onClick={() => onShowDay(day)}
                    className="self-start rounded px-1 text-xs font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300"
                  >
                    +{tasks.length - MONTH_LIMIT} more
                    <span className="sr-only"> on {dayLabel(day)}</span>
                  </button>
                ) : null}
              </DropZone>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Week view, and the month on a phone: days one under another (in seven columns on a wide screen). */
export function DayList({
  days,
  today,
  byDay,
  canEdit,
  renderChip,
  onDropTask,
  columns,
  phone,
}: Omit<DaysProps, "weeks" | "anchor" | "onShowDay"> & { days: string[]; columns: boolean; phone: boolean }) {
  return (
    <ol aria-label="Days" className={`grid gap-2 ${columns ? "grid-cols-1 sm:grid-cols-7" : "grid-cols-1"}`}>
      {days.map((day) => {
        const tasks = byDay.get(day) ?? [];
        return (
          <li key={day} aria-current={day === today ? "date" : undefined} className="min-w-0">
            <DropZone
              data-day={day}
              enabled={canEdit}
              onDropTask={(id) => onDropTask(id, day)}
              className={`flex h-full flex-col gap-1 rounded-md border p-2 ${columns ? "sm:min-h-64" : ""} ${
                day === today
                  ? "border-indigo-400 bg-indigo-50/50 dark:border-indigo-700 dark:bg-indigo-950/30"
                  : "border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950"
              }`}
            >
              <p className="flex items-center gap-2 text-xs font-medium text-zinc-700 dark:text-zinc-300">
                <span aria-hidden>
                  {new Intl.DateTimeFormat("en", { weekday: "short", timeZone: "UTC" }).format(
                    new Date(`${day}T00:00:00Z`),
                  )}
                </span>
                <DayNumber day={day} today={today} dimmed={false} />
              </p>
              {tasks.length > 0 ? (
                <ul className="flex min-w-0 flex-col gap-1">
                  {tasks.map((task) => (
                    <li key={task.id} className="min-w-0">
                      {renderChip(task, columns && !phone)}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-xs text-zinc-600 dark:text-zinc-400">Nothing due</p>
              )}
            </DropZone>
          </li>
        );
      })}
    </ol>
  );
}
