"use client";

import Link from "next/link";
import { memo, useRef, type CSSProperties } from "react";
import { toast } from "sonner";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import type { RouterOutputs } from "~/trpc/react";
import { AssigneePicker, DuePicker, LabelsPicker, PriorityPicker, StatusPicker } from "../pickers/task-pickers";
import type { PickerKind } from "./keys";

export type Row = RouterOutputs["task"]["list"]["items"][number];

export type RowEdit = {
  title?: string;
  status?: TaskStatus;
  priority?: TaskPriority;
  assigneeId?: string | null;
  dueDate?: Date | null;
  labelIds?: string[];
};

/** What a row asks of its list; one stable object for every row. */
export type RowHandlers = {
  edit: (task: Row, edit: RowEdit) => void;
  /** The checkbox or the row was clicked, with shift to take in the range from the last one chosen. */
  select: (id: string, range: boolean) => void;
  openPicker: (id: string, picker: PickerKind | null) => void;
  stopEditing: (id: string) => void;
  hover: (id: string | null) => void;
};

function TitleInput({ task, onDone }: { task: Row; onDone: (title: string | null) => void }) {
  const finished = useRef(false);
  const finish = (title: string | null) => {
    if (finished.current) return;
    finished.current = true;
    onDone(title);
  };
  return (
    <input
      aria-label={`Title of ${task.ref}`}
      defaultValue={task.title}
      maxLength={200}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          finish(e.currentTarget.value);
        } else if (e.key === "Escape") {
          e.preventDefault();
          finish(null);
        }
      }}
      onBlur={(e) => finish(e.currentTarget.value)}
      className="h-7 min-w-0 flex-1 rounded border border-indigo-500 bg-white px-1.5 text-sm text-zinc-900 outline-none dark:bg-zinc-900 dark:text-zinc-100"
    />
  );
}

type RowProps = {
  task: Row;
  slug: string;
  canEdit: boolean;
  selected: boolean;
  tabbable: boolean;
  openPicker: PickerKind | null;
  editing: boolean;
  handlers: RowHandlers;
  style?: CSSProperties;
  /** Rows from several projects (My work): on a phone, where the task number is hidden, the project key shows. */
  showProject?: boolean;
};

// One task in the list: its properties as compact pickers. Keys are handled by the list.
export const TaskRow = memo(function TaskRow({
  task,
  slug,
  canEdit,
  selected,
  tabbable,
  openPicker,
  editing,
  handlers,
  style,
  showProject = false,
}: RowProps) {
  const rowRef = useRef<HTMLLIElement>(null);
  const name = (what: string) => `${what} of ${task.ref}`;
  // The row is one tab stop; its controls are reached with letters (and stay in the reading order).
  const picker = (kind: PickerKind) => ({
    tabIndex: -1,
    readOnly: !canEdit,
    open: openPicker === kind,
    onOpenChange: (open: boolean) => handlers.openPicker(task.id, open ? kind : null),
  });
  const edit = (e: RowEdit) => handlers.edit(task, e);
  const done = task.status === "DONE" || task.status === "CANCELLED";
  return (
    <li
      ref={rowRef}
      data-testid="task-row"
      data-task-id={task.id}
      data-selected={selected || undefined}
      tabIndex={tabbable ? 0 : -1}
      aria-label={`${task.ref} ${task.title}${selected ? ", selected" : ""}`}
      style={style}
      onMouseEnter={() => handlers.hover(task.id)}
      onMouseLeave={() => handlers.hover(null)}
      onClick={(e) => {
        // Shift-click on the row's background takes in a range; clicks on its controls are theirs.
        if (e.shiftKey && canEdit && e.target === e.currentTarget) handlers.select(task.id, true);
      }}
      className="flex h-11 items-center gap-0.5 border-b border-zinc-200 px-2 outline-none last:border-b-0 hover:bg-zinc-50 focus-visible:bg-indigo-50/60 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset data-selected:bg-indigo-50 sm:gap-1.5 dark:border-zinc-800 dark:hover:bg-zinc-900 dark:focus-visible:bg-indigo-950/40 dark:data-selected:bg-indigo-950/60"
    >
      {canEdit ? (
        <input
          type="checkbox"
          aria-label={`Select ${task.ref}`}
          checked={selected}
          tabIndex={-1}
          onChange={() => undefined}
          onClick={(e) => handlers.select(task.id, e.shiftKey)}
          className="mr-1 size-4 shrink-0 accent-indigo-600"
        />
      ) : null}
      <PriorityPicker
        {...picker("priority")}
        name={name("Priority")}
        iconOnly
        value={task.priority}
        onChange={(priority) => edit({ priority })}
      />
      <span className="hidden w-16 shrink-0 font-mono text-xs text-zinc-600 sm:inline dark:text-zinc-400">
        {task.ref}
      </span>
      {showProject ? (
        <span
          data-testid="row-project"
          className="max-w-12 shrink-0 truncate font-mono text-xs text-zinc-600 sm:hidden dark:text-zinc-400"
        >
          {task.ref.slice(0, task.ref.lastIndexOf("-"))}
        </span>
      ) : null}
      <StatusPicker
        {...picker("status")}
        name={name("Status")}
        iconOnly
        value={task.status}
        onChange={(status) => edit({ status })}
      />
      {editing ? (
        <TitleInput
          task={task}
          onDone={(title) => {
            handlers.stopEditing(task.id);
            rowRef.current?.focus();
            const next = title?.trim();
            if (title === null || next === task.title) return;
            if (!next) toast.error("A task needs a title; the old one stays.");
            else edit({ title: next });
          }}
        />
      ) : (
        <Link
          href={`/w/${slug}/t/${task.ref}`}
          tabIndex={-1}
          className="min-w-0 flex-1 truncate px-1 text-sm text-zinc-900 hover:underline dark:text-zinc-100"
        >
          {task.title}
        </Link>
      )}
      <LabelsPicker
        {...picker("labels")}
        name={name("Labels")}
        compact
        iconOnly={task.labels.length === 0}
        className="max-w-48"
        value={task.labels}
        onChange={(labelIds) => edit({ labelIds })}
      />
      <DuePicker
        {...picker("due")}
        name={name("Due date")}
        compact
        hideEmpty
        done={done}
        value={task.dueDate}
        onChange={(dueDate) => edit({ dueDate })}
      />
      <AssigneePicker
        {...picker("assignee")}
        name={name("Assignee")}
        iconOnly
        value={task.assignee}
        onChange={(assigneeId) => edit({ assigneeId })}
      />
    </li>
  );
}, sameRow);

// A long list hands every row a new position style on each render while it scrolls; a row whose
// position and props are the same is not rendered again.
function sameRow(a: RowProps, b: RowProps): boolean {
  for (const key of Object.keys(b) as (keyof RowProps)[]) {
    if (key === "style") {
      if (a.style?.transform !== b.style?.transform) return false;
    } else if (a[key] !== b[key]) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}
