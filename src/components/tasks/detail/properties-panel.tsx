"use client";

import { Button } from "~/components/ui/button";
import { formatDate } from "~/lib/task-meta";
import { AssigneePicker, DuePicker, LabelsPicker, PriorityPicker, StatusPicker } from "../pickers/task-pickers";
import { useTaskMutations } from "../use-task-mutations";
import { useTaskSave, type Task } from "./use-task-save";

function Property({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[6rem_minmax(0,1fr)] items-center gap-2 lg:block">
      <div className="text-xs font-semibold tracking-wide text-zinc-600 uppercase lg:mb-0.5 dark:text-zinc-400">
        {label}
      </div>
      <div className="min-w-0 lg:-ml-2">{children}</div>
    </div>
  );
}

export function PropertiesPanel({ task, editable }: { task: Task; editable: boolean }) {
  const save = useTaskSave(task);
  const { remove } = useTaskMutations(task.projectId);
  const common = { variant: "field", readOnly: !editable } as const;
  return (
    <aside aria-label="Task properties" className="space-y-3 text-sm">
      <Property label="Status">
        <StatusPicker {...common} name="Status" value={task.status} onChange={(status) => save({ status })} />
      </Property>
      <Property label="Priority">
        <PriorityPicker {...common} name="Priority" value={task.priority} onChange={(priority) => save({ priority })} />
      </Property>
      <Property label="Assignee">
        <AssigneePicker
          {...common}
          name="Assignee"
          value={task.assignee}
          onChange={(assigneeId) => save({ assigneeId })}
        />
      </Property>
      <Property label="Labels">
        <LabelsPicker {...common} name="Labels" value={task.labels} onChange={(labelIds) => save({ labelIds })} />
      </Property>
      <Property label="Due date">
        <DuePicker
          {...common}
          name="Due date"
          value={task.dueDate}
          done={task.status === "DONE" || task.status === "CANCELLED"}
          onChange={(dueDate) => save({ dueDate })}
        />
      </Property>
      <Property label="Created">
        <span className="lg:ml-2">
          {formatDate(task.createdAt)} by {task.creator.name ?? "someone"}
        </span>
      </Property>
      {task.completedAt ? (
        <Property label="Completed">
          <span className="lg:ml-2">{formatDate(task.completedAt)}</span>
        </Property>
      ) : null}
      {editable ? (
        <Button variant="danger" onClick={() => remove.mutate({ id: task.id })} disabled={remove.isPending}>
          Move to trash
        </Button>
      ) : null}
    </aside>
  );
}
