"use client";

import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import { formatDate, priorityLabel, statusLabel } from "~/lib/task-meta";
import { api, type RouterOutputs } from "~/trpc/react";

const ACTION_TEXT: Record<string, string> = {
  "task.created": "created the task",
  "task.deleted": "moved the task to the trash",
  "task.restored": "restored the task",
  "comment.added": "commented",
  "comment.deleted": "deleted a comment",
};

function describeActivity(a: RouterOutputs["activity"]["forTask"]["items"][number]): string {
  if (a.field === "status")
    return `changed status from ${statusLabel(a.fromValue as TaskStatus)} to ${statusLabel(a.toValue as TaskStatus)}`;
  if (a.field === "priority")
    return `changed priority from ${priorityLabel(a.fromValue as TaskPriority)} to ${priorityLabel(a.toValue as TaskPriority)}`;
  if (a.field === "title") return `renamed the task from “${a.fromValue}” to “${a.toValue}”`;
  if (a.field === "description") return "edited the description";
  if (a.field === "dueDate")
    return a.toValue ? `set the due date to ${formatDate(new Date(a.toValue))}` : "removed the due date";
  if (a.field === "assigneeId") return a.toValue ? "changed the assignee" : "unassigned the task";
  if (a.field === "labels") return "changed the labels";
  if (a.field === "parentId") return "changed the parent task";
  return ACTION_TEXT[a.action] ?? a.action;
}

export function ActivitySection({ taskId }: { taskId: string }) {
  const activity = api.activity.forTask.useQuery({ taskId, limit: 50 });
  return (
    <section aria-labelledby="activity-heading">
      <h2 id="activity-heading" className="mb-2 text-sm font-semibold">
        Activity
      </h2>
      <ol className="space-y-1.5 text-sm" data-testid="activity">
        {activity.data?.items.map((a) => (
          <li key={a.id} className="text-zinc-700 dark:text-zinc-300">
            <span className="font-medium">{a.actor?.name ?? "Someone"}</span> {describeActivity(a)}{" "}
            <time className="text-xs text-zinc-600 dark:text-zinc-400" dateTime={a.createdAt.toISOString()}>
              {formatDate(a.createdAt)}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}
