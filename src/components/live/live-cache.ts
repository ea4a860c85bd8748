import type { Query, QueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import { api } from "~/trpc/react";
import type { LivePlan } from "./live-plan";

// Cache work of the live stream that is about a whole project rather than one change.

export type CachedTask = { id?: string; projectId?: string } | undefined;

const taskOf = (query: Query) => query.state.data as CachedTask;
const inputOf = (query: Query) => (query.queryKey[1] as { input?: { taskId?: string } } | undefined)?.input;

/** Ids of the project's tasks this tab holds a `task.get` for. */
function cachedTaskIds(queryClient: QueryClient, projectId: string): Set<string> {
  const ids = new Set<string>();
  for (const query of queryClient.getQueryCache().findAll({ queryKey: getQueryKey(api.task.get) })) {
    const task = taskOf(query);
    if (task?.projectId === projectId && task.id) ids.add(task.id);
  }
  return ids;
}

/**
 * What the page loaded before its stream began may predate the stream's first event: when the stream
 * is first ready, refetch the project's tasks fetched (or server-rendered) before `readyAt`.
 */
export function catchUp(queryClient: QueryClient, projectId: string, readyAt: number, held: string | null) {
  const older = (query: Query) => query.state.data !== undefined && query.state.dataUpdatedAt < readyAt;
  const taskIds = cachedTaskIds(queryClient, projectId);
  if (held) taskIds.delete(held);
  const ofTasks = (query: Query) => older(query) && taskIds.has(inputOf(query)?.taskId ?? "");
  void queryClient.invalidateQueries({ queryKey: getQueryKey(api.task.list, { projectId }), predicate: older });
  void queryClient.invalidateQueries({
    queryKey: getQueryKey(api.task.get),
    predicate: (query) => older(query) && taskIds.has(taskOf(query)?.id ?? ""),
  });
  void queryClient.invalidateQueries({ queryKey: getQueryKey(api.comment.list), predicate: ofTasks });
  void queryClient.invalidateQueries({ queryKey: getQueryKey(api.attachment.list), predicate: ofTasks });
  void queryClient.invalidateQueries({ queryKey: getQueryKey(api.activity.forTask), predicate: ofTasks });
}

/** Refetches the attachment lists `plan` names: the tasks' own, or every one on a resync. */
export function refreshAttachments(queryClient: QueryClient, plan: LivePlan) {
  if (plan.everything) {
    void queryClient.invalidateQueries({ queryKey: getQueryKey(api.attachment.list) });
    return;
  }
  for (const taskId of plan.attachments) {
    void queryClient.invalidateQueries({ queryKey: getQueryKey(api.attachment.list, { taskId }, "query") });
  }
}

/** Forgets what this tab cached of a project the person may no longer see. */
export function dropProject(queryClient: QueryClient, projectId: string) {
  const taskIds = cachedTaskIds(queryClient, projectId);
  void queryClient.cancelQueries({ queryKey: getQueryKey(api.task.list, { projectId }) });
  queryClient.removeQueries({ queryKey: getQueryKey(api.task.list, { projectId }) });
  queryClient.removeQueries({
    queryKey: getQueryKey(api.task.get),
    predicate: (query) => taskOf(query)?.projectId === projectId,
  });
  for (const procedure of [api.comment.list, api.attachment.list, api.activity.forTask]) {
    queryClient.removeQueries({
      queryKey: getQueryKey(procedure),
      predicate: (query) => taskIds.has(inputOf(query)?.taskId ?? ""),
    });
  }
}
