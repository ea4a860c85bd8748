"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useWorkspace } from "~/components/shell/workspace-context";
import { PagingStatus, RowsEmpty, RowsError, RowsSkeleton } from "~/components/tasks/list/list-states";
import { BulkBar, type BulkEdit } from "~/components/tasks/list/bulk-bar";
import { TaskRow, type RowHandlers } from "~/components/tasks/list/task-row";
import { useRowActions } from "~/components/tasks/list/use-row-actions";
import { useRowKeys } from "~/components/tasks/list/use-row-keys";
import { preloadPickerMenu } from "~/components/tasks/pickers/picker";
import { useTaskMutations } from "~/components/tasks/use-task-mutations";
import { useLoadMore } from "~/components/ui/use-load-more";
import { STATUSES } from "~/lib/task-meta";
import { api, type RouterOutputs } from "~/trpc/react";
import { DUE_GROUPS, dueGroupOf, localDay } from "./due-groups";
import { GroupToggle, type MyWorkGroup } from "./group-toggle";
import { useRefreshOnTaskWrites } from "./use-refresh-on-task-writes";
import { useStoredChoice } from "./use-stored-choice";

type Item = RouterOutputs["task"]["mine"]["items"][number];
type Section = { id: string; label: string; dot?: string; items: Item[] };

const STORAGE_KEY = "taskmanager:my-work-group";
const GROUPS = ["status", "due"] as const;

// Grouping by status pages in status order, by due date in date order, so a group is whole once the
// next group has begun.
function sections(items: Item[], group: MyWorkGroup, today: string): Section[] {
  if (group === "status") {
    return STATUSES.map((s) => ({
      id: s.value,
      label: s.label,
      dot: s.dot,
      items: items.filter((t) => t.status === s.value),
    })).filter((s) => s.items.length > 0);
  }
  return DUE_GROUPS.map((g) => ({
    id: g.value,
    label: g.label,
    items: items.filter((t) => dueGroupOf(t.dueDate, today) === g.value),
  })).filter((s) => s.items.length > 0);
}

export function MyWorkView({ initialGroup }: { initialGroup: MyWorkGroup | null }) {
  const { workspace, canEdit } = useWorkspace();
  const [chosen, setChosen] = useState<MyWorkGroup | null>(initialGroup);
  const [remembered, remember] = useStoredChoice(STORAGE_KEY, GROUPS);
  // Without ?group= in the address, the grouping chosen last time applies; until it is read the
  // query waits, so it does not load the other order first.
  const group: MyWorkGroup = chosen ?? remembered ?? "status";
  const ready = chosen !== null || remembered !== undefined;
  const [includeDone, setIncludeDone] = useState(false);
  const [today, setToday] = useState(() => localDay(new Date()));

  const choose = (next: MyWorkGroup) => {
    setChosen(next);
    remember(next);
    const url = new URL(window.location.href);
    if (next === "due") url.searchParams.set("group", "due");
    else url.searchParams.delete("group");
    window.history.replaceState(window.history.state, "", url);
  };

  const input = { workspaceId: workspace.id, includeDone, sort: group === "due" ? "dueDate" : "status" } as const;
  const tasks = api.task.mine.useInfiniteQuery(input, {
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchOnWindowFocus: true,
    enabled: ready,
  });
  const utils = api.useUtils();
  useRefreshOnTaskWrites(() => void utils.task.mine.invalidate({ workspaceId: workspace.id }));
  useEffect(() => {
    const onFocus = () => setToday(localDay(new Date()));
    window.addEventListener("focus", onFocus);
    return () => window.removeEventListener("focus", onFocus);
  }, []);

  const sentinel = useLoadMore(tasks);

  const items = useMemo(() => tasks.data?.pages.flatMap((p) => p.items) ?? [], [tasks.data]);
  const shown = sections(items, group, today);
  const order = shown.flatMap((section) => section.items.map((t) => t.id));
  const { update, bulk } = useTaskMutations(undefined);

  // The same row keys, pickers and selection as a project's list.
  const listRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const focusRow = (id: string) => {
    setActiveId(id);
    listRef.current?.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(id)}"]`)?.focus();
  };
  const refOf = new Map(items.map((t) => [t.id, t.ref]));
  const { selected, clearSelection, select, run, openPicker, setOpenPicker, editingId, stopEditing } = useRowActions({
    order,
    canEdit,
    hrefOf: (id) => (refOf.has(id) ? `/w/${workspace.slug}/t/${refOf.get(id)}` : null),
    focusRow,
  });

  const keys = useRowKeys({
    list: listRef,
    run,
    onEscape: () => {
      if (selected.size) clearSelection();
    },
  });
  const handlers: RowHandlers = {
    edit: (task, edit) => update.mutate({ id: task.id, version: task.version, ...edit }),
    select,
    openPicker: setOpenPicker,
    stopEditing,
    hover: (id) => keys.hover(id),
  };
  const applyBulk = (edit: BulkEdit) => bulk.mutate({ ids: [...selected], ...edit });
  const tabStop = activeId && order.includes(activeId) ? activeId : order[0];

  return (
    <div className="px-4 py-4 md:px-8">
      <header className="mb-4 flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-xl font-semibold">My work</h1>
        <GroupToggle value={group} onChange={choose} />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={includeDone} onChange={(e) => setIncludeDone(e.target.checked)} />
          Show done and cancelled
        </label>
      </header>
      {canEdit && selected.size > 0 ? (
        <BulkBar count={selected.size} onApply={applyBulk} onClear={clearSelection} pending={bulk.isPending} />
      ) : null}

      {tasks.isPending ? (
        <RowsSkeleton label="Loading your tasks" />
      ) : tasks.isError && !tasks.isFetchNextPageError ? (
        <RowsError what="your tasks" error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : items.length === 0 ? (
        <RowsEmpty title="Nothing assigned to you">
          {includeDone
            ? `Tasks in ${workspace.name} that are assigned to you show up here.`
            : `Open tasks in ${workspace.name} that are assigned to you show up here. Assign yourself a task from a project's list or board.`}
        </RowsEmpty>
      ) : (
        <div
          ref={listRef}
          className="space-y-6"
          onPointerOver={preloadPickerMenu}
          onFocus={(e) => {
            preloadPickerMenu();
            const id = (e.target as HTMLElement).closest<HTMLElement>("[data-task-id]")?.dataset.taskId;
            if (id && id !== activeId) setActiveId(id);
          }}
        >
          {shown.map((section) => (
            <section key={section.id} aria-labelledby={`my-work-${section.id}`} data-testid={`group-${section.id}`}>
              <h2 id={`my-work-${section.id}`} className="mb-1 flex items-center gap-2 text-sm font-semibold">
                {section.dot ? <span className={`size-2.5 rounded-full ${section.dot}`} aria-hidden /> : null}
                {section.label}
                <span className="font-normal text-zinc-600 dark:text-zinc-400">{section.items.length}</span>
              </h2>
              <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
                {section.items.map((task) => (
                  <TaskRow
                    key={task.id}
                    task={task}
                    slug={workspace.slug}
                    canEdit={canEdit}
                    selected={selected.has(task.id)}
                    tabbable={tabStop === task.id}
                    openPicker={openPicker?.id === task.id ? openPicker.kind : null}
                    editing={editingId === task.id}
                    handlers={handlers}
                    showProject
                  />
                ))}
              </ul>
            </section>
          ))}
          <div ref={sentinel} className="text-center text-sm text-zinc-600 dark:text-zinc-400">
            <PagingStatus query={tasks} count={items.length} more />
          </div>
        </div>
      )}
    </div>
  );
}
