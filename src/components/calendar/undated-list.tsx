"use client";

import type { ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { describeError } from "~/lib/errors";
import { DropZone } from "./day-cell";
import type { CalendarTask } from "./use-calendar-tasks";

/** Tasks without a due date: drag one onto a day to date it, or a dated one here to clear its date. */
export function UndatedList({
  tasks,
  status,
  error,
  hasMore,
  loadingMore,
  onLoadMore,
  onRetry,
  canEdit,
  renderChip,
  onDropTask,
}: {
  tasks: CalendarTask[];
  status: "pending" | "error" | "success";
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onRetry: () => void;
  canEdit: boolean;
  renderChip: (task: CalendarTask) => ReactNode;
  onDropTask: (taskId: string) => void;
}) {
  return (
    <section aria-labelledby="calendar-undated" className="min-w-0">
      <DropZone
        data-testid="undated-list"
        enabled={canEdit}
        onDropTask={onDropTask}
        className="flex flex-col gap-2 rounded-md border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-900/60"
      >
        <h2 id="calendar-undated" className="text-sm font-semibold">
          No due date
          {status === "success" ? (
            <span className="ml-2 font-normal text-zinc-600 dark:text-zinc-400">
              {tasks.length}
              {hasMore ? "+" : ""}
            </span>
          ) : null}
        </h2>
        {canEdit ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Drag a task onto a day to give it that date, or here to clear it.
          </p>
        ) : null}
        {status === "pending" ? (
          <ul aria-busy="true" aria-label="Loading tasks without a due date" className="space-y-1">
            {Array.from({ length: 4 }, (_, i) => (
              <li key={i} className="h-6 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
            ))}
          </ul>
        ) : status === "error" ? (
          <div role="alert" className="text-sm">
            <p>Could not load them: {describeError(error)}</p>
            <Button className="mt-2" onClick={onRetry}>
              Try again
            </Button>
          </div>
        ) : tasks.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Every task has a due date.</p>
        ) : (
          <ul className="flex max-h-[32rem] flex-col gap-1 overflow-y-auto">
            {tasks.map((task) => (
              <li key={task.id} className="min-w-0">
                {renderChip(task)}
              </li>
            ))}
          </ul>
        )}
        {hasMore ? (
          <Button variant="ghost" onClick={onLoadMore} disabled={loadingMore}>
            {loadingMore ? "Loading…" : "Load more"}
          </Button>
        ) : null}
      </DropZone>
    </section>
  );
}
