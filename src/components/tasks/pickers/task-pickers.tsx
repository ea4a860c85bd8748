"use client";

import { useState } from "react";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import { useWorkspace } from "~/components/shell/workspace-context";
import { fromDateInput, PRIORITIES, priorityLabel, STATUSES, statusLabel, toDateInput } from "~/lib/task-meta";
import { api } from "~/trpc/react";
import { dueChoices, dueLabel, isOverdue } from "./due";
import { Avatar, CalendarIcon, LabelDots, PriorityIcon, StatusIcon } from "./icons";
import { PickerChip, type ChipVariant } from "./picker";

// What every property picker takes besides its value.
export type PickerCommon = {
  /** The start of the accessible name: "Status of WEB-3" in a list, "Status" on the task page. */
  name: string;
  readOnly?: boolean;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  compact?: boolean;
  variant?: ChipVariant;
  /** Shows the icon alone (a board card); the name still carries the value. */
  iconOnly?: boolean;
  className?: string;
  tabIndex?: number;
};

type Person = { id: string; name: string | null };
type Label = { id: string; name: string; color: string };

export function StatusPicker({
  value,
  onChange,
  ...common
}: PickerCommon & { value: TaskStatus | null; onChange: (status: TaskStatus) => void }) {
  const label = value ? statusLabel(value) : "Status";
  return (
    <PickerChip
      {...common}
      valueLabel={value ? label : "not chosen"}
      text={common.iconOnly ? null : label}
      icon={<StatusIcon status={value ?? "TODO"} />}
      menu={{
        placeholder: "Change status…",
        options: STATUSES.map((s) => ({ value: s.value, label: s.label, icon: <StatusIcon status={s.value} /> })),
        selected: new Set(value ? [value] : []),
        onSelect: (v) => onChange(v as TaskStatus),
      }}
    />
  );
}

export function PriorityPicker({
  value,
  onChange,
  ...common
}: PickerCommon & { value: TaskPriority | null; onChange: (priority: TaskPriority) => void }) {
  const label = value ? priorityLabel(value) : "Priority";
  return (
    <PickerChip
      {...common}
      valueLabel={value ? label : "not chosen"}
      text={common.iconOnly ? null : label}
      icon={<PriorityIcon priority={value ?? "NONE"} />}
      menu={{
        placeholder: "Change priority…",
        options: [...PRIORITIES]
          .reverse()
          .map((p) => ({ value: p.value, label: p.label, icon: <PriorityIcon priority={p.value} /> })),
        selected: new Set(value ? [value] : []),
        onSelect: (v) => onChange(v as TaskPriority),
      }}
    />
  );
}

function useMembers() {
  const { workspace } = useWorkspace();
  return api.workspace.members.useQuery({ workspaceId: workspace.id }, { staleTime: 60_000 });
}

export function useLabels() {
  const { workspace } = useWorkspace();
  return api.label.list.useQuery({ workspaceId: workspace.id }, { staleTime: 60_000 });
}

const UNASSIGNED = "unassigned";

// `value` undefined: nothing chosen yet (the bulk bar); null: unassigned.
export function AssigneePicker({
  value,
  onChange,
  ...common
}: PickerCommon & { value: Person | null | undefined; onChange: (assigneeId: string | null) => void }) {
  const members = useMembers();
  const label = value === undefined ? "Assignee" : value ? (value.name ?? "Someone") : "Unassigned";
  return (
    <PickerChip
      {...common}
      valueLabel={value === undefined ? "not chosen" : label}
      text={common.iconOnly ? null : label}
      icon={<Avatar person={value ?? null} />}
      menu={{
        placeholder: "Assign to…",
        empty: members.isPending ? "Loading people…" : "Nobody matches.",
        options: [
          { value: UNASSIGNED, label: "Unassigned", icon: <Avatar person={null} /> },
          ...(members.data?.members ?? []).map((m) => ({
            value: m.user.id,
            label: m.user.name ?? m.user.email,
            keywords: [m.user.email],
            icon: <Avatar person={m.user} />,
          })),
        ],
        selected: new Set(value === undefined ? [] : [value?.id ?? UNASSIGNED]),
        onSelect: (v) => onChange(v === UNASSIGNED ? null : v),
      }}
    />
  );
}

// Several labels: picking one toggles it and the list stays open. With `multiple` false (the bulk
// bar's "add a label") picking one answers it alone and closes.
export function LabelsPicker({
  value,
  onChange,
  multiple = true,
  ...common
}: PickerCommon & { value: Label[]; onChange: (labelIds: string[]) => void; multiple?: boolean }) {
  const labels = useLabels();
  const ids = new Set(value.map((l) => l.id));
  const names = value.map((l) => l.name).join(", ");
  const text = multiple ? (value.length ? names : "Labels") : "Add label";
  return (
    <PickerChip
      {...common}
      valueLabel={multiple ? names || "None" : "not chosen"}
      text={common.iconOnly ? null : text}
      icon={<LabelDots labels={value} />}
      menu={{
        placeholder: multiple ? "Toggle labels…" : "Add a label…",
        empty: labels.isPending ? "Loading labels…" : labels.data?.length ? "Nothing matches." : "No labels yet.",
        multiple,
        options: (labels.data ?? []).map((l) => ({
          value: l.id,
          label: l.name,
          icon: <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: l.color }} aria-hidden />,
        })),
        selected: multiple ? ids : new Set(),
        onSelect: (id) => {
          if (!multiple) return onChange([id]);
          const next = new Set(ids);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          onChange([...next]);
        },
      }}
    />
  );
}

function DateField({ value, onPick }: { value: Date | null | undefined; onPick: (date: Date | null) => void }) {
  const [text, setText] = useState(toDateInput(value));
  return (
    <form
      className="flex items-center gap-2 border-t border-zinc-200 p-2 dark:border-zinc-700"
      onSubmit={(e) => {
        e.preventDefault();
        if (text) onPick(fromDateInput(text));
      }}
    >
      <label className="flex min-w-0 flex-1 items-center gap-2 text-xs text-zinc-700 dark:text-zinc-300">
        On
        <input
          type="date"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-1.5 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        />
      </label>
      <button
        type="submit"
        disabled={!text}
        className="rounded-md bg-indigo-600 px-2 py-1 text-xs font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 disabled:opacity-60"
      >
        Set
      </button>
    </form>
  );
}

// `value` undefined: nothing chosen yet (the bulk bar); null: no due date.
export function DuePicker({
  value,
  onChange,
  done = false,
  hideEmpty = false,
  ...common
}: PickerCommon & {
  value: Date | null | undefined;
  onChange: (dueDate: Date | null) => void;
  /** A finished task is never overdue. */
  done?: boolean;
  /** Shows only the icon while there is no due date (dense rows). */
  hideEmpty?: boolean;
}) {
  const overdue = isOverdue(value, done);
  const label = value === undefined ? "Due date" : dueLabel(value);
  const choices = dueChoices();
  return (
    <PickerChip
      {...common}
      valueLabel={value === undefined ? "not chosen" : overdue ? `${label}, overdue` : label}
      text={common.iconOnly || (hideEmpty && !value) ? null : label}
      textClassName={overdue ? "text-rose-700 dark:text-rose-400" : ""}
      icon={<CalendarIcon className={overdue ? "text-rose-700 dark:text-rose-400" : ""} />}
      menu={{
        placeholder: "Due…",
        options: choices.map((c) => ({ value: c.value, label: c.label, icon: <CalendarIcon /> })),
        selected: new Set(),
        onSelect: (v) => onChange(choices.find((c) => c.value === v)?.date ?? null),
      }}
      footer={(close) => (
        <DateField
          value={value}
          onPick={(date) => {
            onChange(date);
            close();
          }}
        />
      )}
    />
  );
}
