"use client";

import { useEffect, useState } from "react";
import { useLiveProject } from "~/components/live/use-live-project";
import { api } from "~/trpc/react";
import {
  changedUnderDrafts,
  isBehind,
  settledDraft,
  withDraft,
  type Drafts,
  type SeenChange,
  type TaskDrafts,
} from "./task-drafts";
import type { Task } from "./use-task-save";

/**
 * The task page's live stream and unsaved edits. Without drafts, other people's changes simply show;
 * with drafts, the task stays at the version shown and the page offers a reload instead of overwriting
 * either edit.
 */
export function useLiveTask(task: Task) {
  const utils = api.useUtils();
  const view = `task:${task.id}` as const;
  const [drafts, setDrafts] = useState<Drafts>({});
  const [seen, setSeen] = useState<SeenChange | null>(null);
  const [refusedAt, setRefusedAt] = useState<number | null>(null);
  const hasDrafts = Object.keys(drafts).length > 0;

  const live = useLiveProject(task.projectId, view, {
    heldTaskId: hasDrafts ? task.id : null,
    onChange: (change) => {
      if (change.taskId !== task.id || !change.kind.startsWith("task.")) return;
      setSeen({ version: change.version, by: change.actor?.name ?? null, shown: task.version });
    },
  });

  const behind = isBehind(task.version, seen, refusedAt);
  // No drafts (saved, cancelled or typed back) while a newer version waited: show it now.
  useEffect(() => {
    if (!hasDrafts && behind) void utils.task.get.invalidate({ id: task.id });
  }, [hasDrafts, behind, utils, task.id]);

  const value: TaskDrafts = {
    drafts,
    setDraft: (field, next, saved) => setDrafts((current) => withDraft(current, field, next, saved)),
    settle: (field, saved) => setDrafts((current) => settledDraft(current, field, saved)),
    stale: changedUnderDrafts(drafts, task.version, seen, refusedAt),
    onConflict: () => {
      if (!hasDrafts) return false;
      setRefusedAt(task.version);
      return true;
    },
  };

  // Discarding the drafts is enough: the effect above then fetches the version waiting.
  const reload = () => setDrafts({});

  return { live, view, drafts: value, reload };
}
