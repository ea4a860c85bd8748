"use client";

import { useRef, useState } from "react";
import { useTaskMutations } from "~/components/tasks/use-task-mutations";
import { fromDateInput } from "~/lib/task-meta";
import { dayLabel } from "./calendar-math";
import type { CalendarTask } from "./use-calendar-tasks";

/** A day (YYYY-MM-DD) or null for no due date. */
export type Due = string | null;

// A moved task shows on its new day at once; the move is kept until the lists have reloaded after the
// save, or dropped (the task goes back) when the save is refused, which the shared mutation reports.
// Moving a task again while it saves is kept and sent after the save, with the version it answered.
export function useMoveTask(projectId: string) {
  const { update } = useTaskMutations(projectId);
  const [moves, setMoves] = useState<ReadonlyMap<string, Due>>(new Map());
  const [announcement, setAnnouncement] = useState("");
  const saving = useRef(new Set<string>());
  const queued = useRef(new Map<string, Due>());

  const settle = (id: string) =>
    setMoves((current) => {
      const next = new Map(current);
      next.delete(id);
      return next;
    });

  const send = (task: CalendarTask, version: number, due: Due) => {
    saving.current.add(task.id);
    update.mutateAsync({ id: task.id, version, dueDate: due ? fromDateInput(due) : null }).then(
      (saved) => {
        saving.current.delete(task.id);
        const next = queued.current.get(task.id);
        queued.current.delete(task.id);
        if (next !== undefined && next !== due) send(task, saved.version, next);
        else settle(task.id);
      },
      () => {
        saving.current.delete(task.id);
        queued.current.delete(task.id);
        settle(task.id);
        setAnnouncement(`Could not move ${task.ref}; it is back where it was.`);
      },
    );
  };

  const move = (task: CalendarTask, due: Due) => {
    setMoves((current) => new Map(current).set(task.id, due));
    setAnnouncement(`${task.ref} moved ${due ? `to ${dayLabel(due)}` : "to no due date"}.`);
    if (saving.current.has(task.id)) queued.current.set(task.id, due);
    else send(task, task.version, due);
  };

  return { moves, move, announcement };
}
