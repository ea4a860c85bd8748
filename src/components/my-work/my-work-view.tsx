"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useWorkspace } from "~/components/shell/workspace-context";
import { BulkBar } from "~/components/tasks/list/bulk-bar";
import { TaskRow } from "~/components/tasks/list/task-row";
import { Button } from "~/components/ui/button";
import { describeError } from "~/lib/errors";
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
  const [selected, setSelected] = useState<Set<string>>(new Set());
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

  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (!node) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries[0]?.isIntersecting && tasks.hasNextPage && !tasks.isFetchingNextPage) void tasks.fetchNextPage();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [tasks]);

  const items = useMemo(() => tasks.data?.pages.flatMap((p) => p.items) ?? [], [tasks.data]);
  const shown = sections(items, group, today);
  const selectedIds = new Set(items.filter((t) => selected.has(t.id)).map((t) => t.id));
  const firstSelected = items.find((t) => selectedIds.has(t.id));

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

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
      {canEdit && firstSelected ? (
        <BulkBar projectId={firstSelected.projectId} selected={selectedIds} onClear={() => setSelected(new Set())} />
      ) : null}

      {tasks.isPending ? (
        <ul aria-busy="true" aria-label="Loading your tasks" className="space-y-1">
          {Array.from({ length: 8 }, (_, i) => (
            <li key={i} className="h-11 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-900" />
          ))}
        </ul>
      ) : tasks.isError ? (
        <div role="alert" className="rounded-md border border-rose-300 p-4 text-sm dark:border-rose-800">
          <p>Could not load your tasks: {describeError(tasks.error)}</p>
          <Button className="mt-2" onClick={() => void tasks.refetch()}>
            Try again
          </Button>
        </div>
      ) : items.length === 0 ? (
        <div className="rounded-md border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
          <p className="font-medium">Nothing assigned to you</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {includeDone
              ? `Tasks in ${workspace.name} that are assigned to you show up here.`
              : `Open tasks in ${workspace.name} that are assigned to you show up here. Assign yourself a task from a project's list or board.`}
          </p>
        </div>
      ) : (
        <div className="space-y-6">
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
                    projectId={task.projectId}
                    selected={selectedIds.has(task.id)}
                    onToggle={() => toggle(task.id)}
                  />
                ))}
              </ul>
            </section>
          ))}
          <div ref={sentinel} className="text-center text-sm text-zinc-600 dark:text-zinc-400">
            {tasks.isFetchingNextPage ? (
              "Loading more…"
            ) : tasks.hasNextPage ? (
              <Button variant="ghost" onClick={() => void tasks.fetchNextPage()}>
                Load more
              </Button>
            ) : (
              `${items.length} task${items.length === 1 ? "" : "s"}`
            )}
          </div>
        </div>
      )}
    </div>
  );
}
