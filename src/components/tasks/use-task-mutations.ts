"use client";

import { toast } from "sonner";
import { describeError, errorCode } from "~/lib/errors";
import { api } from "~/trpc/react";

// Task edits shared by the list, the board and the detail page: on success every cached list of the
// project is refreshed; on refusal the person is told why and stale data is reloaded. A page holding
// unsaved edits passes `onConflict` to keep the task as shown (and its drafts) when a save is stale.
export function useTaskMutations(projectId: string, options: { onConflict?: () => boolean } = {}) {
  const utils = api.useUtils();
  const refresh = async () => {
    await Promise.all([utils.task.list.invalidate({ projectId }), utils.task.get.invalidate()]);
  };
  const onError = async (error: unknown) => {
    if (errorCode(error) === "CONFLICT" && options.onConflict?.()) {
      await utils.task.list.invalidate({ projectId });
      return;
    }
    toast.error(
      errorCode(error) === "CONFLICT" ? "Someone else changed this task; showing the latest." : describeError(error),
    );
    await refresh();
  };
  const update = api.task.update.useMutation({ onSuccess: refresh, onError });
  const bulk = api.task.bulkUpdate.useMutation({
    onSuccess: async (result) => {
      toast.success(`Updated ${result.updated} task${result.updated === 1 ? "" : "s"}`);
      await refresh();
    },
    onError,
  });
  const remove = api.task.delete.useMutation({
    onSuccess: async (task) => {
      toast.success(`Moved ${task.ref} to the trash`);
      await refresh();
    },
    onError,
  });
  return { update, bulk, remove, refresh };
}
