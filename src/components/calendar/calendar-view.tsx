"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { localDay } from "~/components/my-work/due-groups";
import { useStoredChoice } from "~/components/my-work/use-stored-choice";
import { useLiveProject } from "~/components/live/use-live-project";
import { useWorkspace } from "~/components/shell/workspace-context";
import { ProjectHeader } from "~/components/tasks/project-header";
import { Button } from "~/components/ui/button";
import { describeError } from "~/lib/errors";
import { DayList, MonthGrid } from "./calendar-days";
import {
  addDays,
  CALENDAR_VIEWS,
  dayOf,
  rangeTitle,
  step,
  visibleRange,
  type CalendarView as View,
} from "./calendar-math";
import { CalendarToolbar } from "./calendar-toolbar";
import { TaskChip } from "./task-chip";
import { UndatedList } from "./undated-list";
import { useCalendarTasks, type CalendarTask } from "./use-calendar-tasks";
import { useHydrated, useMedia } from "./use-media";
import { useMoveTask, type Due } from "./use-move-task";

type Project = { id: string; key: string; name: string };

export function CalendarView({
  project,
  initialView,
  initialDate,
}: {
  project: Project;
  initialView: View | null;
  initialDate: string | null;
}) {
  const { workspace, canEdit } = useWorkspace();
  const hydrated = useHydrated();
  const phone = useMedia("(max-width: 639px)");
  const [remembered, remember] = useStoredChoice("taskmanager:calendar-view", CALENDAR_VIEWS);
  const [chosenView, setChosenView] = useState<View | null>(initialView);
  const [date, setDate] = useState<string | null>(initialDate);
  const [today] = useState(() => localDay(new Date()));
  const [dragging, setDragging] = useState<string | null>(null);
  const view: View = chosenView ?? remembered ?? "month";
  const anchor = date ?? today;
  const range = useMemo(() => visibleRange(view, anchor), [view, anchor]);

  const live = useLiveProject(project.id, "calendar", { paused: dragging !== null });
  const { dated, undated, datedItems, undatedItems } = useCalendarTasks(project.id, range.start, range.end);
  const { moves, move, announcement } = useMoveTask(project.id);

  const go = (nextView: View, nextDate: string) => {
    setChosenView(nextView);
    setDate(nextDate);
    const url = new URL(window.location.href);
    url.searchParams.set("view", nextView);
    url.searchParams.set("date", nextDate);
    window.history.replaceState(window.history.state, "", url);
  };

  const { tasks, byDay, undatedShown } = useMemo(() => {
    const tasks = new Map<string, CalendarTask>();
    for (const task of [...undatedItems, ...datedItems]) tasks.set(task.id, task);
    const byDay = new Map<string, CalendarTask[]>();
    const undatedShown: CalendarTask[] = [];
    for (const task of tasks.values()) {
      const due = moves.has(task.id) ? moves.get(task.id)! : task.dueDate ? dayOf(task.dueDate) : null;
      if (due === null) undatedShown.push(task);
      else byDay.set(due, [...(byDay.get(due) ?? []), task]);
    }
    return { tasks, byDay, undatedShown };
  }, [undatedItems, datedItems, moves]);

  const dueOf = (task: CalendarTask): Due =>
    moves.has(task.id) ? moves.get(task.id)! : task.dueDate ? dayOf(task.dueDate) : null;

  const drop = (id: string, due: Due) => {
    const task = tasks.get(id);
    if (task && dueOf(task) !== due) move(task, due);
  };

  // After a move from the keyboard the chip is rendered in another day; focus follows it there.
  const focusAfterMove = useRef<string | null>(null);
  useEffect(() => {
    const id = focusAfterMove.current;
    if (!id) return;
    const chip = document.querySelector<HTMLElement>(`[data-chip-id="${CSS.escape(id)}"]`);
    if (chip) {
      chip.focus();
      focusAfterMove.current = null;
    }
  });

  const keyMove = (task: CalendarTask, days: number) => {
    const current = dueOf(task);
    const target = current === null ? today : addDays(current, days);
    focusAfterMove.current = task.id;
    move(task, target);
    if (target < range.start || target >= range.end) go(view, target);
  };

  const chip = (task: CalendarTask, stacked = false) => (
    <TaskChip
      stacked={stacked}
      task={task}
      href={`/w/${workspace.slug}/t/${task.ref}`}
      canEdit={canEdit}
      saving={moves.has(task.id)}
      onDragStart={(t) => setDragging(t.id)}
      onDragEnd={() => setDragging(null)}
      onKeyMove={keyMove}
    />
  );

  const datedInRange = [...byDay.keys()].some((day) => day >= range.start && day < range.end);
  // A phone shows the month as an agenda: the days with tasks due, and today.
  const agendaDays = range.weeks.flat().filter((day) => byDay.has(day) || day === today);

  const days = { today, byDay, canEdit, renderChip: chip, onDropTask: (id: string, day: string) => drop(id, day) };

  return (
    <div className="px-4 py-4 md:px-8">
      <ProjectHeader project={project} view="calendar" live={live} />
      <CalendarToolbar
        view={view}
        date={anchor}
        onView={(next) => {
          remember(next);
          go(next, anchor);
        }}
        onStep={(direction) => go(view, step(view, anchor, direction))}
        onToday={() => go(view, today)}
      />
      <p id="calendar-move-help" className="mb-3 hidden text-xs text-zinc-600 sm:block dark:text-zinc-400">
        {canEdit
          ? "Drag a task to another day to change its due date. With a task focused, Alt + ← / → moves it a day and Alt + ↑ / ↓ a week."
          : "Tasks are shown on their due day."}
      </p>
      <p role="status" className="sr-only">
        {announcement}
      </p>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_16rem]">
        <div className="min-w-0">
          {!hydrated || dated.isPending ? (
            <div aria-busy="true" aria-label="Loading the calendar" className="grid grid-cols-7 gap-px">
              {Array.from({ length: view === "week" ? 7 : 35 }, (_, i) => (
                <div
                  key={i}
                  className={`animate-pulse rounded bg-zinc-100 dark:bg-zinc-900 ${view === "week" ? "h-64" : "h-28"}`}
                />
              ))}
            </div>
          ) : dated.isError ? (
            <div role="alert" className="rounded-md border border-rose-300 p-4 text-sm dark:border-rose-800">
              <p>Could not load the calendar: {describeError(dated.error)}</p>
              <Button className="mt-2" onClick={() => void dated.refetch()}>
                Try again
              </Button>
            </div>
          ) : (
            <>
              {!datedInRange && !dated.isFetching ? (
                <div className="mb-3 rounded-md border border-dashed border-zinc-300 p-4 text-center text-sm dark:border-zinc-700">
                  <p className="font-medium">
                    No tasks due in {view === "week" ? "this week" : rangeTitle("month", anchor)}
                  </p>
                  <p className="mt-1 text-zinc-600 dark:text-zinc-400">
                    {canEdit
                      ? "Drag a task from “No due date” onto a day, or give a task a due date."
                      : "Try another month."}
                  </p>
                </div>
              ) : null}
              {view === "week" ? (
                <DayList {...days} days={range.weeks[0]!} columns phone={phone} />
              ) : phone ? (
                agendaDays.length > 0 ? (
                  <DayList {...days} days={agendaDays} columns={false} phone />
                ) : null
              ) : (
                <MonthGrid {...days} weeks={range.weeks} anchor={anchor} onShowDay={(day) => go("week", day)} />
              )}
            </>
          )}
        </div>
        <UndatedList
          tasks={undatedShown}
          status={undated.status}
          error={undated.error}
          hasMore={undated.hasNextPage}
          loadingMore={undated.isFetchingNextPage}
          onLoadMore={() => void undated.fetchNextPage()}
          onRetry={() => void undated.refetch()}
          canEdit={canEdit}
          renderChip={chip}
          onDropTask={(id) => drop(id, null)}
        />
      </div>
    </div>
  );
}
