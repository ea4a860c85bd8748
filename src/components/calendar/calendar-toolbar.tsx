"use client";

import { Button } from "~/components/ui/button";
import { rangeTitle, type CalendarView } from "./calendar-math";

export function CalendarToolbar({
  view,
  date,
  onView,
  onStep,
  onToday,
}: {
  view: CalendarView;
  date: string;
  onView: (view: CalendarView) => void;
  onStep: (direction: -1 | 1) => void;
  onToday: () => void;
}) {
  const unit = view === "week" ? "week" : "month";
  return (
    <div className="mb-3 flex flex-wrap items-center gap-2">
      <div className="flex items-center gap-1">
        <Button variant="secondary" onClick={() => onStep(-1)} aria-label={`Previous ${unit}`}>
          <span aria-hidden>‹</span>
        </Button>
        <Button variant="secondary" onClick={onToday}>
          Today
        </Button>
        <Button variant="secondary" onClick={() => onStep(1)} aria-label={`Next ${unit}`}>
          <span aria-hidden>›</span>
        </Button>
      </div>
      <h2 className="text-base font-semibold" aria-live="polite" data-testid="calendar-title">
        {rangeTitle(view, date)}
      </h2>
      <div
        role="group"
        aria-label="Calendar view"
        className="ml-auto flex rounded-md border border-zinc-300 p-0.5 text-sm dark:border-zinc-700"
      >
        {(["month", "week"] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={view === option}
            onClick={() => onView(option)}
            className={`rounded px-2.5 py-1 capitalize focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 ${
              view === option
                ? "bg-zinc-200 font-medium text-zinc-900 dark:bg-zinc-700 dark:text-zinc-50"
                : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            }`}
          >
            {option}
          </button>
        ))}
      </div>
    </div>
  );
}
