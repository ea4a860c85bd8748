"use client";

import { Button } from "~/components/ui/button";
import { AssigneePicker, DuePicker, LabelsPicker, PriorityPicker, StatusPicker } from "../pickers/task-pickers";
import type { TaskEdit } from "./task-cache";

export type BulkEdit = Pick<TaskEdit, "status" | "priority" | "assigneeId" | "dueDate" | "addLabelIds">;

// Changes every selected task at once with the same pickers the rows use; the selection stays, so
// several changes can follow one another.
export function BulkBar({
  count,
  onApply,
  onClear,
  pending,
}: {
  count: number;
  onApply: (edit: BulkEdit) => void;
  onClear: () => void;
  pending: boolean;
}) {
  const common = { className: "border-indigo-200 bg-white dark:border-indigo-900 dark:bg-zinc-900" };
  return (
    <section
      aria-label="Bulk actions"
      aria-busy={pending}
      className="sticky top-0 z-10 mb-3 flex flex-wrap items-center gap-1.5 rounded-md border border-indigo-300 bg-indigo-50 px-3 py-2 text-sm dark:border-indigo-800 dark:bg-indigo-950"
    >
      <span className="mr-1 font-medium" role="status">
        {count} selected
      </span>
      <StatusPicker {...common} name="Set status of selected" value={null} onChange={(status) => onApply({ status })} />
      <PriorityPicker
        {...common}
        name="Set priority of selected"
        value={null}
        onChange={(priority) => onApply({ priority })}
      />
      <AssigneePicker
        {...common}
        name="Assign selected"
        value={undefined}
        onChange={(assigneeId) => onApply({ assigneeId })}
      />
      <LabelsPicker
        {...common}
        name="Add a label to selected"
        multiple={false}
        value={[]}
        onChange={(addLabelIds) => onApply({ addLabelIds })}
      />
      <DuePicker
        {...common}
        name="Set due date of selected"
        value={undefined}
        onChange={(dueDate) => onApply({ dueDate })}
      />
      <Button variant="ghost" className="ml-auto" onClick={onClear}>
        Clear
      </Button>
    </section>
  );
}
