"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useLiveProject } from "~/components/live/use-live-project";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button } from "~/components/ui/button";
import { useDebouncedValue } from "~/components/ui/use-debounced-value";
import { describeError } from "~/lib/errors";
import { STATUSES } from "~/lib/task-meta";
import { api } from "~/trpc/react";
import { BulkBar } from "./list/bulk-bar";
import { DAY, isFiltered, listInput, NO_FILTERS, type Filters } from "./list/filters";
import { FiltersBar } from "./list/filters-bar";
import { TaskRow } from "./list/task-row";
import { ProjectHeader } from "./project-header";

export function TaskListView({ project }: { project: { id: string; key: string; name: string } }) {
  const { canEdit } = useWorkspace();
  const live = useLiveProject(project.id, "list");
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const search = useDebouncedValue(filters.search.trim(), 250);

  // Whole days keep the query key stable between renders; fixed when the view opens.
  const [today] = useState(() => Math.floor(Date.now() / DAY) * DAY);
  const applied = useMemo(() => ({ ...filters, search }), [filters, search]);
  const input = useMemo(() => listInput(project.id, applied, today), [project.id, applied, today]);
  const tasks = api.task.list.useInfiniteQuery(input, { getNextPageParam: (last) => last.nextCursor ?? undefined });

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
  const groups = STATUSES.map((s) => ({ ...s, items: items.filter((t) => t.status === s.value) })).filter(
    (g) => g.items.length > 0,
  );
  const filtered = isFiltered(applied);

  const toggleSelected = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="px-4 py-4 md:px-8">
      <ProjectHeader project={project} view="list" live={live} />
      <FiltersBar filters={filters} onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))} />
      {canEdit && selected.size > 0 ? (
        <BulkBar projectId={project.id} selected={selected} onClear={() => setSelected(new Set())} />
      ) : null}

      {tasks.isPending ? (
        <ul aria-busy="true" aria-label="Loading tasks" className="space-y-1">
          {Array.from({ length: 8 }, (_, i) => (
            <li key={i} className="h-11 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-900" />
          ))}
        </ul>
      ) : tasks.isError ? (
        <div role="alert" className="rounded-md border border-rose-300 p-4 text-sm dark:border-rose-800">
          <p>Could not load tasks: {describeError(tasks.error)}</p>
          <Button className="mt-2" onClick={() => void tasks.refetch()}>
            Try again
          </Button>
        </div>
      ) : items.length === 0 ? (
        <div className="rounded-md border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
          <p className="font-medium">{filtered ? "No tasks match these filters." : "No tasks yet."}</p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {filtered
              ? "Clear a filter or search for something else."
              : canEdit
                ? "Press c to create the first one."
                : ""}
          </p>
        </div>
      ) : (
        <div className="space-y-6">
          {groups.map((group) => (
            <section key={group.value} aria-labelledby={`group-${group.value}`}>
              <h2 id={`group-${group.value}`} className="mb-1 flex items-center gap-2 text-sm font-semibold">
                <span className={`size-2.5 rounded-full ${group.dot}`} aria-hidden />
                {group.label}
                <span className="font-normal text-zinc-600 dark:text-zinc-400">{group.items.length}</span>
              </h2>
              <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
                {group.items.map((task) => (
                  <TaskRow
                    key={task.id}
                    task={task}
                    projectId={project.id}
                    selected={selected.has(task.id)}
                    onToggle={() => toggleSelected(task.id)}
                  />
                ))}
              </ul>
            </section>
          ))}
          <div ref={sentinel} className="h-8 text-center text-sm text-zinc-600 dark:text-zinc-400">
            {tasks.isFetchingNextPage ? "Loading more…" : tasks.hasNextPage ? "" : `${items.length} tasks`}
          </div>
        </div>
      )}
    </div>
  );
}
