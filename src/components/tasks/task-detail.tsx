"use client";

import { LiveIndicator } from "~/components/live/live-indicator";
import { PresenceAvatars } from "~/components/live/presence-avatars";
import { FollowButton, useMarkTaskRead } from "~/components/notifications/task-notifications";
import { useWorkspace } from "~/components/shell/workspace-context";
import { api } from "~/trpc/react";
import { ActivitySection } from "./detail/activity-section";
import { AttachmentDropZone } from "./detail/attachments/drop-zone";
import { AttachmentsSection } from "./detail/attachments-section";
import { ChangedBanner } from "./detail/changed-banner";
import { CommentsSection } from "./detail/comments-section";
import { DescriptionSection } from "./detail/description-section";
import { PropertiesPanel } from "./detail/properties-panel";
import { SubtasksSection } from "./detail/subtasks-section";
import { TaskDraftsProvider } from "./detail/task-drafts";
import { TaskBreadcrumb, TaskTitle, TrashNotice } from "./detail/task-header";
import { useLiveTask } from "./detail/use-live-task";
import { useAttachmentUploadState } from "./detail/use-attachment-upload";
import type { Task } from "./detail/use-task-save";

export function TaskDetail({ initialTask }: { initialTask: Task }) {
  const { canEdit } = useWorkspace();
  const task = api.task.get.useQuery({ id: initialTask.id }, { initialData: initialTask }).data;
  const { live, view, drafts, reload } = useLiveTask(task);
  const editable = canEdit && !task.deletedAt;
  const uploads = useAttachmentUploadState(task.id);
  useMarkTaskRead(task.id);
  return (
    <TaskDraftsProvider value={drafts}>
      <div className="px-4 py-4 md:px-8">
        <div className="flex flex-wrap items-start gap-3">
          <TaskBreadcrumb task={task} />
          <div className="ml-auto flex items-center gap-2">
            <PresenceAvatars viewers={live.viewers.filter((v) => v.view === view)} view={view} />
            <LiveIndicator status={live.status} />
            <FollowButton taskId={task.id} />
          </div>
        </div>
        {drafts.stale ? <ChangedBanner by={drafts.stale.by} onReload={reload} /> : null}
        {task.deletedAt ? <TrashNotice task={task} /> : null}
        <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
          <AttachmentDropZone uploads={editable ? uploads : null} className="min-w-0 space-y-6">
            <TaskTitle task={task} editable={editable} />
            <DescriptionSection task={task} editable={editable} />
            <AttachmentsSection taskId={task.id} editable={editable} />
            {!task.parentId ? <SubtasksSection task={task} editable={editable} /> : null}
            <CommentsSection taskId={task.id} />
            <ActivitySection taskId={task.id} />
          </AttachmentDropZone>
          <PropertiesPanel task={task} editable={editable} />
        </div>
      </div>
    </TaskDraftsProvider>
  );
}
