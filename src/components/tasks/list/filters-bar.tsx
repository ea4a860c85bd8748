"use client";

import type { TaskPriority } from "~/generated/prisma/enums";
import { inputClass } from "~/components/ui/button";
import { AssigneeSelect, LabelSelect, OptionSelect, PrioritySelect } from "~/components/ui/pickers";
import { STATUSES } from "~/lib/task-meta";
import type { Due, Filters, Sort } from "./filters";

const DUE_OPTIONS = [
  { value: "any", label: "Any due date" },
  { value: "overdue", label: "Overdue" },
  { value: "week", label: "Due in 7 days" },
];
const SORT_OPTIONS = [
  { value: "position", label: "Manual order" },
  { value: "dueDate", label: "Due date" },
  { value: "priority", label: "Priority" },
  { value: "updated", label: "Recently updated" },
];

export function FiltersBar({ filters, onChange }: { filters: Filters; onChange: (patch: Partial<Filters>) => void }) {
  const { statuses } = filters;
  return (
    <section aria-label="Filters" className="mb-4 flex flex-wrap items-end gap-2">
      <label className="min-w-48 flex-1">
        <span className="sr-only">Search tasks</span>
        <input
          type="search"
          placeholder="Search title and description…"
          value={filters.search}
          maxLength={200}
          onChange={(e) => onChange({ search: e.target.value })}
          className={inputClass}
        />
      </label>
      <fieldset className="flex flex-wrap gap-1" aria-label="Status">
        <legend className="sr-only">Status</legend>
        {STATUSES.map((s) => {
          const on = statuses.includes(s.value);
          return (
            <button
              key={s.value}
              type="button"
              aria-pressed={on}
              onClick={() =>
                onChange({ statuses: on ? statuses.filter((x) => x !== s.value) : [...statuses, s.value] })
              }
              className={`rounded-full border px-2.5 py-1 text-xs ${on ? "border-indigo-600 bg-indigo-600 text-white" : "border-zinc-300 dark:border-zinc-700"}`}
            >
              {s.label}
            </button>
          );
        })}
      </fieldset>
      <label className="text-sm">
        <span className="sr-only">Assignee</span>
        <AssigneeSelect
          leading={[
            { value: "", label: "Any assignee" },
            { value: "none", label: "Unassigned" },
          ]}
          value={filters.assignee}
          onChange={(e) => onChange({ assignee: e.target.value })}
        />
      </label>
      <label className="text-sm">
        <span className="sr-only">Label</span>
        <LabelSelect
          leading={[{ value: "", label: "Any label" }]}
          value={filters.label}
          onChange={(e) => onChange({ label: e.target.value })}
        />
      </label>
      <label className="text-sm">
        <span className="sr-only">Priority</span>
        <PrioritySelect
          leading={[{ value: "", label: "Any priority" }]}
          value={filters.priority}
          onChange={(e) => onChange({ priority: e.target.value as TaskPriority | "" })}
        />
      </label>
      <label className="text-sm">
        <span className="sr-only">Due</span>
        <OptionSelect
          options={DUE_OPTIONS}
          value={filters.due}
          onChange={(e) => onChange({ due: e.target.value as Due })}
        />
      </label>
      <label className="text-sm">
        <span className="sr-only">Sort</span>
        <OptionSelect
          options={SORT_OPTIONS}
          value={filters.sort}
          onChange={(e) => onChange({ sort: e.target.value as Sort })}
        />
      </label>
    </section>
  );
}
