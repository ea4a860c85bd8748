"use client";

import { api, type RouterOutputs } from "~/trpc/react";
import { useTaskMutations } from "../use-task-mutations";
import { useTaskDrafts } from "./task-drafts";

export type Task = RouterOutputs["task"]["get"];
export type TaskPatch = Omit<Parameters<ReturnType<typeof useTaskMutations>["update"]["mutate"]>[0], "id" | "version">;

// Saves one change to the task at the version shown, then reloads its comments and activity. A saved
// title or description stops being a draft; a stale save keeps the draft for the person to decide.
export function useTaskSave(task: Task) {
  const utils = api.useUtils();
  const { settle, onConflict } = useTaskDrafts();
  const { update } = useTaskMutations(task.projectId, { onConflict });
  return (patch: TaskPatch) => {
    // Enter then leaving the field would send the same text twice; the second, at the old version,
    // would be refused as stale.
    const inFlight = update.isPending ? update.variables : undefined;
    if (inFlight && (["title", "description"] as const).some((f) => patch[f] !== undefined && inFlight[f] === patch[f]))
      return;
    update.mutate(
      { id: task.id, version: task.version, ...patch },
      {
        onSuccess: () => {
          if (typeof patch.title === "string") settle("title", patch.title);
          if (typeof patch.description === "string") settle("description", patch.description);
          void Promise.all([
            utils.comment.list.invalidate({ taskId: task.id }),
            utils.activity.forTask.invalidate({ taskId: task.id }),
          ]);
        },
      },
    );
  };
}
