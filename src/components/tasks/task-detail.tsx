"use client";

import { useWorkspace } from "~/components/shell/workspace-context";
import { api } from "~/trpc/react";
import { ActivitySection } from "./detail/activity-section";
import { CommentsSection } from "./detail/comments-section";
import { DescriptionSection } from "./detail/description-section";
import { PropertiesPanel } from "./detail/properties-panel";
import { SubtasksSection } from "./detail/subtasks-section";
import { TaskBreadcrumb, TaskTitle, TrashNotice } from "./detail/task-header";
import type { Task } from "./detail/use-task-save";

export function TaskDetail({ initialTask }: { initialTask: Task }) {
  const { canEdit } = useWorkspace();
  const task = api.task.get.useQuery({ id: initialTask.id }, { initialData: initialTask }).data;
  const editable = canEdit && !task.deletedAt;
  return (
    <div className="px-4 py-4 md:px-8">
      <TaskBreadcrumb task={task} />
      {task.deletedAt ? <TrashNotice task={task} /> : null}
      <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
        <article className="min-w-0 space-y-6">
          <TaskTitle task={task} editable={editable} />
          <DescriptionSection task={task} editable={editable} />
          {!task.parentId ? <SubtasksSection task={task} editable={editable} /> : null}
          <CommentsSection taskId={task.id} />
          <ActivitySection taskId={task.id} />
        </article>
        <PropertiesPanel task={task} editable={editable} />
      </div>
    </div>
  );
}
