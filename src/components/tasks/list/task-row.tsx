"use client";

import Link from "next/link";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import { useWorkspace } from "~/components/shell/workspace-context";
import { selectClass } from "~/components/ui/button";
import { AssigneeSelect, PrioritySelect, StatusSelect } from "~/components/ui/pickers";
import { formatDate, priorityLabel } from "~/lib/task-meta";
import type { RouterOutputs } from "~/trpc/react";
import { useTaskMutations } from "../use-task-mutations";

type Row = RouterOutputs["task"]["list"]["items"][number];

function RowEditors({ task, projectId }: { task: Row; projectId: string }) {
  const { update } = useTaskMutations(projectId);
  const save = (patch: { status?: TaskStatus; priority?: TaskPriority; assigneeId?: string | null }) =>
    update.mutate({ id: task.id, version: task.version, ...patch });
  return (
    <>
      <StatusSelect
        aria-label={`Status of ${task.ref}`}
        value={task.status}
        onChange={(e) => save({ status: e.target.value as TaskStatus })}
        className={`${selectClass} hidden sm:block`}
      />
      <PrioritySelect
        aria-label={`Priority of ${task.ref}`}
        value={task.priority}
        onChange={(e) => save({ priority: e.target.value as TaskPriority })}
        className={`${selectClass} hidden md:block`}
      />
      <AssigneeSelect
        aria-label={`Assignee of ${task.ref}`}
        leading={[{ value: "", label: "Unassigned" }]}
        value={task.assignee?.id ?? ""}
        onChange={(e) => save({ assigneeId: e.target.value || null })}
        className={`${selectClass} hidden w-36 md:block`}
      />
    </>
  );
}

export function TaskRow({
  task,
  projectId,
  selected,
  onToggle,
}: {
  task: Row;
  projectId: string;
  selected: boolean;
  onToggle: () => void;
}) {
  const { workspace, canEdit } = useWorkspace();
  return (
    <li className="flex min-h-11 items-center gap-3 px-3 py-1.5" data-testid="task-row">
      {canEdit ? (
        <input type="checkbox" aria-label={`Select ${task.ref}`} checked={selected} onChange={onToggle} />
      ) : null}
      <span className="w-16 shrink-0 font-mono text-xs text-zinc-600 dark:text-zinc-400">{task.ref}</span>
      <Link href={`/w/${workspace.slug}/t/${task.ref}`} className="min-w-0 flex-1 truncate text-sm hover:underline">
        {task.title}
      </Link>
      <span className="hidden gap-1 lg:flex">
        {task.labels.map((l) => (
          <span
            key={l.id}
            className="rounded-full border px-2 text-xs"
            style={{ borderColor: l.color, color: "inherit" }}
          >
            {l.name}
          </span>
        ))}
      </span>
      {task.dueDate ? (
        <span className="hidden text-xs text-zinc-600 sm:inline dark:text-zinc-400">{formatDate(task.dueDate)}</span>
      ) : null}
      {canEdit ? (
        <RowEditors task={task} projectId={projectId} />
      ) : (
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          {priorityLabel(task.priority)} · {task.assignee?.name ?? "Unassigned"}
        </span>
      )}
    </li>
  );
}
