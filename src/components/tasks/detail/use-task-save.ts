"use client";

import { api, type RouterOutputs } from "~/trpc/react";
import { useTaskMutations } from "../use-task-mutations";

export type Task = RouterOutputs["task"]["get"];
export type TaskPatch = Omit<Parameters<ReturnType<typeof useTaskMutations>["update"]["mutate"]>[0], "id" | "version">;

// Saves one change to the task at the version shown, then reloads its comments and activity.
export function useTaskSave(task: Task) {
  const utils = api.useUtils();
  const { update } = useTaskMutations(task.projectId);
  return (patch: TaskPatch) =>
    update.mutate(
      { id: task.id, version: task.version, ...patch },
      {
        onSuccess: () =>
          void Promise.all([
            utils.comment.list.invalidate({ taskId: task.id }),
            utils.activity.forTask.invalidate({ taskId: task.id }),
          ]),
      },
    );
}
