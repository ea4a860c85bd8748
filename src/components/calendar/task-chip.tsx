"use client";

import Link from "next/link";
import type { KeyboardEvent } from "react";
import { STATUSES, statusLabel } from "~/lib/task-meta";
import type { CalendarTask } from "./use-calendar-tasks";

export const TASK_DRAG_TYPE = "application/x-taskmanager-task";

const KEY_MOVES: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };

/** A task on the calendar: status dot, reference and title; dragged or moved with Alt+arrows. */
export function TaskChip({
  task,
  href,
  canEdit,
  saving,
  onDragStart,
  onDragEnd,
  onKeyMove,
  stacked = false,
}: {
  task: CalendarTask;
  /** In a narrow day: the reference above the title, so the title keeps the whole width. */
  stacked?: boolean;
  href: string;
  canEdit: boolean;
  saving: boolean;
  onDragStart: (task: CalendarTask) => void;
  onDragEnd: () => void;
  onKeyMove: (task: CalendarTask, days: number) => void;
}) {
  const dot = STATUSES.find((s) => s.value === task.status)?.dot ?? "bg-zinc-400";
  const onKeyDown = (e: KeyboardEvent<HTMLAnchorElement>) => {
    const days = KEY_MOVES[e.key];
    if (!canEdit || !e.altKey || days === undefined) return;
    e.preventDefault();
    onKeyMove(task, days);
  };
  return (
    <Link
      href={href}
      data-chip-id={task.id}
      draggable={canEdit}
      aria-describedby={canEdit ? "calendar-move-help" : undefined}
      aria-busy={saving || undefined}
      onDragStart={(e) => {
        e.dataTransfer.setData(TASK_DRAG_TYPE, task.id);
        e.dataTransfer.setData("text/plain", `${task.ref} ${task.title}`);
        e.dataTransfer.effectAllowed = "move";
        onDragStart(task);
      }}
      onDragEnd={onDragEnd}
      onKeyDown={onKeyDown}
      title={`${task.ref} ${task.title} (${statusLabel(task.status)})`}
      className={`block min-w-0 rounded border border-zinc-200 bg-white px-1.5 py-0.5 text-xs text-zinc-900 shadow-xs hover:border-indigo-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 ${canEdit ? "cursor-grab active:cursor-grabbing" : ""} ${saving ? "opacity-70" : ""}`}
    >
      <span className={stacked ? "block" : "flex min-w-0 items-center gap-1.5"}>
        <span className="flex shrink-0 items-center gap-1.5">
          <span className={`size-2 shrink-0 rounded-full ${dot}`} aria-hidden />
          <span className="sr-only">{statusLabel(task.status)}, </span>
          <span className="font-mono text-zinc-600 dark:text-zinc-400">{task.ref}</span>
        </span>
        <span
          className={`block min-w-0 ${stacked ? "line-clamp-2 break-words" : "truncate"} ${task.status === "DONE" || task.status === "CANCELLED" ? "line-through" : ""}`}
        >
          {task.title}
        </span>
      </span>
    </Link>
  );
}
