"use client";

import { useState } from "react";
import { useTaskMutations } from "~/components/tasks/use-task-mutations";
import { fromDateInput } from "~/lib/task-meta";
import { dayLabel } from "./calendar-math";
import type { CalendarTask } from "./use-calendar-tasks";

/** A day (YYYY-MM-DD) or null for no due date. */
export type Due = string | null;

// A moved task shows on its new day at once; the move is kept until the lists have reloaded after the
// save, or dropped (the task goes back) when the save is refused, which the shared mutation reports.
export function useMoveTask(projectId: string) {
  const { update } = useTaskMutations(projectId);
  const [moves, setMoves] = useState<ReadonlyMap<string, Due>>(new Map());
  const [announcement, setAnnouncement] = useState("");

  const settle = (id: string) =>
    setMoves((current) => {
      const next = new Map(current);
      next.delete(id);
      return next;
    });

  const move = (task: CalendarTask, due: Due) => {
    if (moves.has(task.id)) {
      setAnnouncement(`${task.ref} is still being saved.`);
      return;
    }
    const where = due ? `to ${dayLabel(due)}` : "to no due date";
    setMoves((current) => new Map(current).set(task.id, due));
    setAnnouncement(`${task.ref} moved ${where}.`);
    update.mutate(
      { id: task.id, version: task.version, dueDate: due ? fromDateInput(due) : null },
      {
        onSettled: () => settle(task.id),
        onError: () => setAnnouncement(`Could not move ${task.ref}; it is back where it was.`),
      },
    );
  };

  return { moves, move, announcement };
}
