"use client";

import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import { Button } from "~/components/ui/button";
import { AssigneeSelect, LabelSelect, PrioritySelect, StatusSelect } from "~/components/ui/pickers";
import { useTaskMutations } from "../use-task-mutations";

type Patch = Omit<Parameters<ReturnType<typeof useTaskMutations>["bulk"]["mutate"]>[0], "ids">;

// Changes every selected task at once; the selection is cleared once the server took the change.
export function BulkBar({
  projectId,
  selected,
  onClear,
}: {
  projectId: string;
  selected: Set<string>;
  onClear: () => void;
}) {
  const { bulk } = useTaskMutations(projectId);
  const apply = (patch: Patch) => bulk.mutate({ ids: [...selected], ...patch }, { onSuccess: onClear });
  return (
    <section
      aria-label="Bulk actions"
      className="sticky top-0 z-10 mb-3 flex flex-wrap items-center gap-2 rounded-md border border-indigo-300 bg-indigo-50 px-3 py-2 text-sm dark:border-indigo-800 dark:bg-indigo-950"
    >
      <span className="font-medium">{selected.size} selected</span>
      <StatusSelect
        aria-label="Set status of selected"
        leading={[{ value: "", label: "Status…" }]}
        defaultValue=""
        onChange={(e) => e.target.value && apply({ status: e.target.value as TaskStatus })}
      />
      <PrioritySelect
        aria-label="Set priority of selected"
        leading={[{ value: "", label: "Priority…" }]}
        defaultValue=""
        onChange={(e) => e.target.value && apply({ priority: e.target.value as TaskPriority })}
      />
      <AssigneeSelect
        aria-label="Assign selected"
        leading={[
          { value: "", label: "Assignee…" },
          { value: "none", label: "Unassigned" },
        ]}
        defaultValue=""
        onChange={(e) => e.target.value && apply({ assigneeId: e.target.value === "none" ? null : e.target.value })}
      />
      <LabelSelect
        aria-label="Add a label to selected"
        leading={[{ value: "", label: "Add label…" }]}
        defaultValue=""
        onChange={(e) => e.target.value && apply({ addLabelIds: [e.target.value] })}
      />
      <Button variant="ghost" onClick={onClear}>
        Clear
      </Button>
    </section>
  );
}
