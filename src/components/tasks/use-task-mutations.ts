"use client";

import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import { toast } from "sonner";
import { useWorkspace } from "~/components/shell/workspace-context";
import { describeError, errorCode } from "~/lib/errors";
import { api, type RouterOutputs } from "~/trpc/react";
import {
  applyEdit,
  patchList,
  tasksIn,
  type Bump,
  type ListData,
  type ListFilter,
  type Lookup,
  type TaskEdit,
} from "./list/task-cache";

type ListItem = RouterOutputs["task"]["list"]["items"][number];
type FullTask = RouterOutputs["task"]["get"];
type MineItem = RouterOutputs["task"]["mine"]["items"][number];
type Snapshot = [QueryKey, unknown][];

const LIST_KEY = getQueryKey(api.task.list);
const GET_KEY = getQueryKey(api.task.get);
const MINE_KEY = getQueryKey(api.task.mine);
const OPEN: ListFilter["status"] = ["BACKLOG", "TODO", "IN_PROGRESS", "IN_REVIEW"];
const TASK_MUTATIONS = [["task"]];

export const CONFLICT_MESSAGE = "Someone else changed this task; showing the latest.";

function filterOf(key: QueryKey): ListFilter {
  return (key[1] as { input?: ListFilter } | undefined)?.input ?? {};
}

// Task edits shared by the list, the board and the task page. An edit shows at once in every cached
// list of the project and in the task itself (a task whose status changes moves group or column);
// a refused edit is undone, the person is told why, and the latest is loaded. A page holding unsaved
// edits passes `onConflict` to keep the task as shown (and its drafts) when a save is stale.
// Without a project (My work spans several), every cached list is refreshed after an edit.
export function useTaskMutations(projectId: string | undefined, options: { onConflict?: () => boolean } = {}) {
  const utils = api.useUtils();
  const queryClient = useQueryClient();
  const { workspace, viewerId } = useWorkspace();

  const refresh = async () => {
    await Promise.all([utils.task.list.invalidate(projectId ? { projectId } : undefined), utils.task.get.invalidate()]);
  };
  // Refetching while another edit is in flight would show the server's older state over it.
  const refreshWhenIdle = async () => {
    if (queryClient.isMutating({ mutationKey: TASK_MUTATIONS }) <= 1) await refresh();
  };

  const lookup = (): Lookup => {
    const members = utils.workspace.members.getData({ workspaceId: workspace.id });
    const labels = utils.label.list.getData({ workspaceId: workspace.id });
    return {
      people: new Map(
        (members?.members ?? []).map((m) => [m.user.id, { id: m.user.id, name: m.user.name ?? m.user.email }]),
      ),
      labels: new Map((labels ?? []).map((l) => [l.id, l])),
    };
  };

  // Writes `edited` into every cached list and task; answers what the caches held before.
  const write = (
    edited: Map<string, ListItem>,
    lists: [QueryKey, ListData<ListItem> | undefined][],
    gets: [QueryKey, FullTask | undefined][],
    full: (t: FullTask) => FullTask,
  ) => {
    for (const [key, data] of lists) {
      if (!data) continue;
      const next = patchList(data, filterOf(key), edited);
      if (next !== data) queryClient.setQueryData(key, next);
    }
    for (const [key, task] of gets) {
      if (task && edited.has(task.id)) queryClient.setQueryData(key, full(task));
    }
  };

  const patchCaches = async (ids: string[], edit: TaskEdit, bump: Bump): Promise<Snapshot> => {
    await Promise.all([
      queryClient.cancelQueries({ queryKey: LIST_KEY }),
      queryClient.cancelQueries({ queryKey: GET_KEY }),
      queryClient.cancelQueries({ queryKey: MINE_KEY }),
    ]);
    const lists = queryClient.getQueriesData<ListData<ListItem>>({ queryKey: LIST_KEY });
    const gets = queryClient.getQueriesData<FullTask>({ queryKey: GET_KEY });
    const known = tasksIn(lists.map(([, data]) => data));
    for (const [, task] of gets) if (task && !known.has(task.id)) known.set(task.id, task);
    const names = lookup();
    const edited = new Map<string, ListItem>();
    for (const id of ids) {
      const task = known.get(id);
      if (task) edited.set(id, applyEdit(task, edit, names, bump));
    }
    write(edited, lists, gets, (task) => applyEdit(task, edit, names, bump));
    // My work holds the viewer's tasks across projects: a task leaves it when it is given to someone
    // else or, unless done tasks are shown, when it is closed.
    const mines = queryClient.getQueriesData<ListData<MineItem>>({ queryKey: MINE_KEY });
    for (const [key, data] of mines) {
      if (!data) continue;
      const inList = tasksIn([data]);
      const mine = new Map<string, MineItem>();
      for (const id of ids) {
        const task = inList.get(id);
        if (task) mine.set(id, applyEdit(task, edit, names, bump));
      }
      if (mine.size === 0) continue;
      const input = (key[1] as { input?: { includeDone?: boolean } } | undefined)?.input;
      const filter: ListFilter = {
        ...(viewerId ? { assigneeId: viewerId } : {}),
        ...(input?.includeDone ? {} : { status: OPEN }),
      };
      queryClient.setQueryData(key, patchList(data, filter, mine));
    }
    return [...lists, ...gets, ...mines];
  };

  const rollback = (snapshot: Snapshot | undefined) => {
    for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data);
  };

  // The server's answer to an update: the exact version, so a next edit is not refused as stale.
  const settle = (task: FullTask) => {
    const lists = queryClient.getQueriesData<ListData<ListItem>>({ queryKey: LIST_KEY });
    const gets = queryClient.getQueriesData<FullTask>({ queryKey: GET_KEY });
    write(new Map([[task.id, task]]), lists, gets, () => task);
  };

  const onError = async (error: unknown, snapshot: Snapshot | undefined) => {
    rollback(snapshot);
    if (errorCode(error) === "CONFLICT" && options.onConflict?.()) {
      await utils.task.list.invalidate(projectId ? { projectId } : undefined);
      return;
    }
    toast.error(errorCode(error) === "CONFLICT" ? CONFLICT_MESSAGE : describeError(error));
    await refresh();
  };

  const update = api.task.update.useMutation({
    onMutate: async (input) => ({ snapshot: await patchCaches([input.id], input, "one") }),
    onSuccess: async (task) => {
      settle(task);
      await refreshWhenIdle();
    },
    onError: (error, _input, context) => onError(error, context?.snapshot),
  });
  const bulk = api.task.bulkUpdate.useMutation({
    onMutate: async (input) => ({ snapshot: await patchCaches(input.ids, input, "per-field") }),
    onSuccess: async (result) => {
      toast.success(`Updated ${result.updated} task${result.updated === 1 ? "" : "s"}`);
      await refreshWhenIdle();
    },
    onError: (error, _input, context) => onError(error, context?.snapshot),
  });
  const remove = api.task.delete.useMutation({
    onSuccess: async (task) => {
      toast.success(`Moved ${task.ref} to the trash`);
      await refresh();
    },
    onError: (error) => onError(error, undefined),
  });
  return { update, bulk, remove, refresh };
}
