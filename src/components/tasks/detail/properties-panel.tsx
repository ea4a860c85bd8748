"use client";

import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button, selectClass } from "~/components/ui/button";
import { AssigneeSelect, PrioritySelect, StatusSelect } from "~/components/ui/pickers";
import { formatDate, fromDateInput, priorityLabel, statusLabel, toDateInput } from "~/lib/task-meta";
import { api } from "~/trpc/react";
import { useTaskMutations } from "../use-task-mutations";
import { useTaskSave, type Task, type TaskPatch } from "./use-task-save";

const fieldClass = `${selectClass} w-full`;

function Property({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <div className="mb-1 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{label}</div>
      <div>{children}</div>
    </div>
  );
}

function LabelsField({ task, save }: { task: Task; save: (patch: TaskPatch) => void }) {
  const { workspace } = useWorkspace();
  const labels = api.label.list.useQuery({ workspaceId: workspace.id });
  const labelIds = new Set(task.labels.map((l) => l.id));
  return (
    <fieldset className="space-y-1">
      <legend className="sr-only">Labels</legend>
      {labels.data?.length ? (
        labels.data.map((l) => (
          <label key={l.id} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={labelIds.has(l.id)}
              onChange={(e) => {
                const next = new Set(labelIds);
                if (e.target.checked) next.add(l.id);
                else next.delete(l.id);
                save({ labelIds: [...next] });
              }}
            />
            <span className="size-2.5 rounded-full" style={{ backgroundColor: l.color }} aria-hidden />
            {l.name}
          </label>
        ))
      ) : (
        <span className="text-zinc-600 dark:text-zinc-400">No labels in this workspace.</span>
      )}
    </fieldset>
  );
}

export function PropertiesPanel({ task, editable }: { task: Task; editable: boolean }) {
  const save = useTaskSave(task);
  const { remove } = useTaskMutations(task.projectId);
  return (
    <aside aria-label="Task properties" className="space-y-4 text-sm">
      <Property label="Status">
        {editable ? (
          <StatusSelect
            aria-label="Status"
            value={task.status}
            onChange={(e) => save({ status: e.target.value as TaskStatus })}
            className={fieldClass}
          />
        ) : (
          statusLabel(task.status)
        )}
      </Property>
      <Property label="Priority">
        {editable ? (
          <PrioritySelect
            aria-label="Priority"
            value={task.priority}
            onChange={(e) => save({ priority: e.target.value as TaskPriority })}
            className={fieldClass}
          />
        ) : (
          priorityLabel(task.priority)
        )}
      </Property>
      <Property label="Assignee">
        {editable ? (
          <AssigneeSelect
            aria-label="Assignee"
            leading={[{ value: "", label: "Unassigned" }]}
            value={task.assignee?.id ?? ""}
            onChange={(e) => save({ assigneeId: e.target.value || null })}
            className={fieldClass}
          />
        ) : (
          (task.assignee?.name ?? "Unassigned")
        )}
      </Property>
      <Property label="Due date">
        {editable ? (
          <input
            type="date"
            aria-label="Due date"
            value={toDateInput(task.dueDate)}
            onChange={(e) => save({ dueDate: fromDateInput(e.target.value) })}
            className={fieldClass}
          />
        ) : task.dueDate ? (
          formatDate(task.dueDate)
        ) : (
          "None"
        )}
      </Property>
      <Property label="Labels">
        {editable ? (
          <LabelsField task={task} save={save} />
        ) : task.labels.length ? (
          task.labels.map((l) => l.name).join(", ")
        ) : (
          "None"
        )}
      </Property>
      <Property label="Created">
        {formatDate(task.createdAt)} by {task.creator.name ?? "someone"}
      </Property>
      {task.completedAt ? <Property label="Completed">{formatDate(task.completedAt)}</Property> : null}
      {editable ? (
        <Button variant="danger" onClick={() => remove.mutate({ id: task.id })} disabled={remove.isPending}>
          Move to trash
        </Button>
      ) : null}
    </aside>
  );
}
