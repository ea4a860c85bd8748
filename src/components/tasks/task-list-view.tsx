"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useLiveProject } from "~/components/live/use-live-project";
import { useWorkspace } from "~/components/shell/workspace-context";
import { useDebouncedValue } from "~/components/ui/use-debounced-value";
import { useLoadMore } from "~/components/ui/use-load-more";
import { STATUSES } from "~/lib/task-meta";
import { api } from "~/trpc/react";
import { BulkBar, type BulkEdit } from "./list/bulk-bar";
import { PagingStatus, RowsEmpty, RowsError, RowsSkeleton } from "./list/list-states";
import { DAY, isFiltered, listInput, NO_FILTERS, type Filters } from "./list/filters";
import { FiltersBar } from "./list/filters-bar";
import { groupRows, type Entry } from "./list/rows";
import { TaskRow, type Row, type RowEdit, type RowHandlers } from "./list/task-row";
import { useRowActions } from "./list/use-row-actions";
import { useRowKeys } from "./list/use-row-keys";
import { preloadPickerMenu } from "./pickers/picker";
import { ProjectHeader } from "./project-header";
import { useTaskMutations } from "./use-task-mutations";

/** Lists longer than this render only the rows near the viewport. */
const VIRTUAL_FROM = 100;
const ROW_HEIGHT = 44;
const GROUP_HEIGHT = 36;

function GroupHeader({ entry }: { entry: Extract<Entry<Row>, { kind: "group" }> }) {
  const dot = STATUSES.find((s) => s.value === entry.status)?.dot ?? "";
  return (
    <h2
      id={entry.key}
      className="flex h-9 items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-3 text-sm font-semibold dark:border-zinc-800 dark:bg-zinc-900"
    >
      <span className={`size-2.5 rounded-full ${dot}`} aria-hidden />
      {entry.label}
      <span className="font-normal text-zinc-600 dark:text-zinc-400">{entry.count}</span>
    </h2>
  );
}

export function TaskListView({ project }: { project: { id: string; key: string; name: string } }) {
  const { workspace, canEdit } = useWorkspace();
  const live = useLiveProject(project.id, "list");
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const search = useDebouncedValue(filters.search.trim(), 250);

  // Whole days keep the query key stable between renders; fixed when the view opens.
  const [today] = useState(() => Math.floor(Date.now() / DAY) * DAY);
  const applied = useMemo(() => ({ ...filters, search }), [filters, search]);
  const input = useMemo(() => listInput(project.id, applied, today), [project.id, applied, today]);
  const tasks = api.task.list.useInfiniteQuery(input, { getNextPageParam: (last) => last.nextCursor ?? undefined });
  const { update, bulk } = useTaskMutations(project.id);

  const items = useMemo(() => tasks.data?.pages.flatMap((p) => p.items) ?? [], [tasks.data]);
  const entries = useMemo(() => groupRows(items), [items]);
  const order = useMemo(() => entries.flatMap((e) => (e.kind === "task" ? [e.key] : [])), [entries]);
  const filtered = isFiltered(applied);

  const refOf = useMemo(() => new Map(items.map((t) => [t.id, t.ref])), [items]);
  const { selected, clearSelection, select, run, openPicker, setOpenPicker, editingId, stopEditing } = useRowActions({
    order,
    canEdit,
    hrefOf: (id) => (refOf.has(id) ? `/w/${workspace.slug}/t/${refOf.get(id)}` : null),
    // Both run from keys, after the list below has rendered.
    focusRow: (id) => focusRow(id),
    beforePicker: (id) => {
      if (virtual)
        virtualizer.scrollToIndex(
          entries.findIndex((e) => e.key === id),
          { align: "auto" },
        );
    },
  });
  const [activeId, setActiveId] = useState<string | null>(null);

  // --- rendering window -------------------------------------------------------------------------
  const listRef = useRef<HTMLUListElement>(null);
  const virtual = entries.length > VIRTUAL_FROM;
  const [scrollMargin, setScrollMargin] = useState(0);
  const barShown = canEdit && selected.size > 0;
  useLayoutEffect(() => {
    if (!virtual || !listRef.current) return;
    setScrollMargin(listRef.current.getBoundingClientRect().top + window.scrollY);
  }, [virtual, barShown]);
  const virtualizer = useWindowVirtualizer({
    count: entries.length,
    estimateSize: (i) => (entries[i]?.kind === "group" ? GROUP_HEIGHT : ROW_HEIGHT),
    getItemKey: (i) => entries[i]?.key ?? i,
    overscan: 12,
    scrollMargin,
    enabled: virtual,
  });

  // More pages load as the end of the list comes near.
  const sentinel = useLoadMore(tasks);

  // --- focus --------------------------------------------------------------------------------------
  const rowElement = (id: string) =>
    listRef.current?.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(id)}"]`) ?? null;
  const focusRow = useCallback(
    (id: string) => {
      setActiveId(id);
      const now = rowElement(id);
      if (now) return now.focus();
      // Not rendered yet: bring it into the window, then focus it once it is there.
      const index = entries.findIndex((e) => e.key === id);
      if (index >= 0) virtualizer.scrollToIndex(index, { align: "auto" });
      let tries = 0;
      const attempt = () => {
        const el = rowElement(id);
        if (el) el.focus();
        else if (tries++ < 20) requestAnimationFrame(attempt);
      };
      requestAnimationFrame(attempt);
    },
    [entries, virtualizer],
  );
  // A row that moves group (its status changed) is put back in the DOM; its focus goes with it.
  const restoreFocusUntil = useRef(0);
  const lastFocused = useRef<string | null>(null);
  useEffect(() => {
    const id = lastFocused.current;
    if (id && Date.now() < restoreFocusUntil.current && document.activeElement === document.body) focusRow(id);
  }, [entries, focusRow]);

  // --- actions ----------------------------------------------------------------------------------
  const handlersRef = useRef<RowHandlers | null>(null);
  const current: RowHandlers = {
    edit: (task: Row, edit: RowEdit) => {
      restoreFocusUntil.current = Date.now() + 3000;
      update.mutate({ id: task.id, version: task.version, ...edit });
    },
    select,
    openPicker: setOpenPicker,
    stopEditing,
    hover: (id) => keys.hover(id),
  };
  useLayoutEffect(() => {
    handlersRef.current = current;
  });
  // One object for every row, so a row re-renders only when its own props change.
  const [handlers] = useState<RowHandlers>(() => ({
    edit: (...a) => handlersRef.current!.edit(...a),
    select: (...a) => handlersRef.current!.select(...a),
    openPicker: (...a) => handlersRef.current!.openPicker(...a),
    stopEditing: (...a) => handlersRef.current!.stopEditing(...a),
    hover: (...a) => handlersRef.current!.hover(...a),
  }));

  const keys = useRowKeys({
    list: listRef,
    run,
    onEscape: () => {
      if (selected.size) clearSelection();
    },
  });

  const applyBulk = (edit: BulkEdit) => bulk.mutate({ ids: [...selected], ...edit });

  const windowItems = virtual ? virtualizer.getVirtualItems() : null;
  // The list is one tab stop: the row last focused, or the first one in the page when it is not.
  const shown = windowItems ? windowItems.map((v) => entries[v.index]?.key) : order;
  const tabStop = activeId && shown.includes(activeId) ? activeId : shown.find((k) => k && order.includes(k));

  const renderEntry = (entry: Entry<Row>, style?: React.CSSProperties) =>
    entry.kind === "group" ? (
      <li key={entry.key} style={style}>
        <GroupHeader entry={entry} />
      </li>
    ) : (
      <TaskRow
        key={entry.key}
        task={entry.task}
        slug={workspace.slug}
        canEdit={canEdit}
        selected={selected.has(entry.key)}
        tabbable={tabStop === entry.key}
        openPicker={openPicker?.id === entry.key ? openPicker.kind : null}
        editing={editingId === entry.key}
        handlers={handlers}
        style={style}
      />
    );

  return (
    <div className="px-4 py-4 md:px-8">
      <ProjectHeader project={project} view="list" live={live} />
      <FiltersBar filters={filters} onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))} />
      {canEdit && selected.size > 0 ? (
        <BulkBar count={selected.size} onApply={applyBulk} onClear={clearSelection} pending={bulk.isPending} />
      ) : null}

      {tasks.isPending ? (
        <RowsSkeleton label="Loading tasks" />
      ) : tasks.isError && !tasks.isFetchNextPageError ? (
        <RowsError what="tasks" error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : items.length === 0 ? (
        <RowsEmpty title={filtered ? "No tasks match these filters." : "No tasks yet."}>
          {filtered
            ? "Clear a filter or search for something else."
            : canEdit
              ? "Press c to create the first one."
              : ""}
        </RowsEmpty>
      ) : (
        <>
          <ul
            ref={listRef}
            aria-label="Tasks"
            onPointerOver={preloadPickerMenu}
            onFocus={(e) => {
              preloadPickerMenu();
              const id = (e.target as HTMLElement).closest<HTMLElement>("[data-task-id]")?.dataset.taskId;
              if (id) {
                lastFocused.current = id;
                if (id !== activeId) setActiveId(id);
              }
            }}
            className="relative overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800"
            style={virtual ? { height: virtualizer.getTotalSize() } : undefined}
          >
            {windowItems
              ? windowItems.map((v) =>
                  renderEntry(entries[v.index]!, {
                    position: "absolute",
                    top: 0,
                    left: 0,
                    width: "100%",
                    transform: `translateY(${v.start - scrollMargin}px)`,
                  }),
                )
              : entries.map((entry) => renderEntry(entry))}
          </ul>
          <div
            ref={sentinel}
            aria-live="polite"
            className="mt-2 h-8 text-center text-sm text-zinc-600 dark:text-zinc-400"
          >
            <PagingStatus query={tasks} count={items.length} />
          </div>
        </>
      )}
    </div>
  );
}
