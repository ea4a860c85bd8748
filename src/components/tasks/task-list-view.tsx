"use client";

import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button, inputClass, selectClass } from "~/components/ui/button";
import { describeError } from "~/lib/errors";
import { formatDate, PRIORITIES, priorityLabel, STATUSES } from "~/lib/task-meta";
import { api } from "~/trpc/react";
import { ProjectHeader } from "./project-header";
import { useTaskMutations } from "./use-task-mutations";

type Sort = "position" | "dueDate" | "priority" | "updated";
type Due = "any" | "overdue" | "week";

const DAY = 86_400_000;

export function TaskListView({ project }: { project: { id: string; key: string; name: string } }) {
  const { workspace, canEdit } = useWorkspace();
  const [statuses, setStatuses] = useState<TaskStatus[]>([]);
  const [assignee, setAssignee] = useState<string>("");
  const [label, setLabel] = useState<string>("");
  const [priority, setPriority] = useState<TaskPriority | "">("");
  const [due, setDue] = useState<Due>("any");
  const [sort, setSort] = useState<Sort>("position");
  const [search, setSearch] = useState("");
  const [debouncedSearch, setDebouncedSearch] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());

  useEffect(() => {
    const t = setTimeout(() => setDebouncedSearch(search.trim()), 250);
    return () => clearTimeout(t);
  }, [search]);

  // Whole days keep the query key stable between renders; fixed when the view opens.
  const [today] = useState(() => Math.floor(Date.now() / DAY) * DAY);
  const input = useMemo(() => {
    return {
      projectId: project.id,
      sort,
      limit: 50,
      ...(statuses.length ? { status: statuses } : {}),
      ...(assignee ? { assigneeId: assignee } : {}),
      ...(label ? { labelIds: [label] } : {}),
      ...(priority ? { priority: [priority] } : {}),
      ...(due === "overdue"
        ? {
            dueBefore: new Date(today),
            status: statuses.length ? statuses : (["BACKLOG", "TODO", "IN_PROGRESS", "IN_REVIEW"] as TaskStatus[]),
          }
        : {}),
      ...(due === "week" ? { dueAfter: new Date(today), dueBefore: new Date(today + 8 * DAY) } : {}),
      ...(debouncedSearch ? { search: debouncedSearch } : {}),
    };
  }, [project.id, sort, statuses, assignee, label, priority, due, debouncedSearch, today]);

  const tasks = api.task.list.useInfiniteQuery(input, { getNextPageParam: (last) => last.nextCursor ?? undefined });
  const members = api.workspace.members.useQuery({ workspaceId: workspace.id });
  const labels = api.label.list.useQuery({ workspaceId: workspace.id });
  const { update, bulk } = useTaskMutations(project.id);

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
  const filtered = statuses.length > 0 || !!assignee || !!label || !!priority || due !== "any" || !!debouncedSearch;
  const memberOptions = members.data?.members ?? [];

  const toggleSelected = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const applyBulk = (patch: Omit<Parameters<typeof bulk.mutate>[0], "ids">) =>
    bulk.mutate({ ids: [...selected], ...patch }, { onSuccess: () => setSelected(new Set()) });

  return (
    <div className="px-4 py-4 md:px-8">
      <ProjectHeader project={project} view="list" />

      <section aria-label="Filters" className="mb-4 flex flex-wrap items-end gap-2">
        <label className="min-w-48 flex-1">
          <span className="sr-only">Search tasks</span>
          <input
            type="search"
            placeholder="Search title and description…"
            value={search}
            maxLength={200}
            onChange={(e) => setSearch(e.target.value)}
            className={inputClass}
          />
        </label>
        <fieldset className="flex flex-wrap gap-1" aria-label="Status">
          <legend className="sr-only">Status</legend>
          {STATUSES.map((s) => {
            const on = statuses.includes(s.value);
            return (
              <button
                key={s.value}
                type="button"
                aria-pressed={on}
                onClick={() => setStatuses(on ? statuses.filter((x) => x !== s.value) : [...statuses, s.value])}
                className={`rounded-full border px-2.5 py-1 text-xs ${on ? "border-indigo-600 bg-indigo-600 text-white" : "border-zinc-300 dark:border-zinc-700"}`}
              >
                {s.label}
              </button>
            );
          })}
        </fieldset>
        <label className="text-sm">
          <span className="sr-only">Assignee</span>
          <select value={assignee} onChange={(e) => setAssignee(e.target.value)} className={selectClass}>
            <option value="">Any assignee</option>
            <option value="none">Unassigned</option>
            {memberOptions.map((m) => (
              <option key={m.user.id} value={m.user.id}>
                {m.user.name ?? m.user.email}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="sr-only">Label</span>
          <select value={label} onChange={(e) => setLabel(e.target.value)} className={selectClass}>
            <option value="">Any label</option>
            {labels.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="sr-only">Priority</span>
          <select
            value={priority}
            onChange={(e) => setPriority(e.target.value as TaskPriority | "")}
            className={selectClass}
          >
            <option value="">Any priority</option>
            {PRIORITIES.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="sr-only">Due</span>
          <select value={due} onChange={(e) => setDue(e.target.value as Due)} className={selectClass}>
            <option value="any">Any due date</option>
            <option value="overdue">Overdue</option>
            <option value="week">Due in 7 days</option>
          </select>
        </label>
        <label className="text-sm">
          <span className="sr-only">Sort</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} className={selectClass}>
            <option value="position">Manual order</option>
            <option value="dueDate">Due date</option>
            <option value="priority">Priority</option>
            <option value="updated">Recently updated</option>
          </select>
        </label>
      </section>

      {canEdit && selected.size > 0 ? (
        <section
          aria-label="Bulk actions"
          className="sticky top-0 z-10 mb-3 flex flex-wrap items-center gap-2 rounded-md border border-indigo-300 bg-indigo-50 px-3 py-2 text-sm dark:border-indigo-800 dark:bg-indigo-950"
        >
          <span className="font-medium">{selected.size} selected</span>
          <select
            aria-label="Set status of selected"
            defaultValue=""
            onChange={(e) => e.target.value && applyBulk({ status: e.target.value as TaskStatus })}
            className={selectClass}
          >
            <option value="">Status…</option>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          <select
            aria-label="Set priority of selected"
            defaultValue=""
            onChange={(e) => e.target.value && applyBulk({ priority: e.target.value as TaskPriority })}
            className={selectClass}
          >
            <option value="">Priority…</option>
            {PRIORITIES.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
          <select
            aria-label="Assign selected"
            defaultValue=""
            onChange={(e) =>
              e.target.value && applyBulk({ assigneeId: e.target.value === "none" ? null : e.target.value })
            }
            className={selectClass}
          >
            <option value="">Assignee…</option>
            <option value="none">Unassigned</option>
            {memberOptions.map((m) => (
              <option key={m.user.id} value={m.user.id}>
                {m.user.name ?? m.user.email}
              </option>
            ))}
          </select>
          <select
            aria-label="Add a label to selected"
            defaultValue=""
            onChange={(e) => e.target.value && applyBulk({ addLabelIds: [e.target.value] })}
            className={selectClass}
          >
            <option value="">Add label…</option>
            {labels.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          <Button variant="ghost" onClick={() => setSelected(new Set())}>
            Clear
          </Button>
        </section>
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
                  <li key={task.id} className="flex min-h-11 items-center gap-3 px-3 py-1.5" data-testid="task-row">
                    {canEdit ? (
                      <input
                        type="checkbox"
                        aria-label={`Select ${task.ref}`}
                        checked={selected.has(task.id)}
                        onChange={() => toggleSelected(task.id)}
                      />
                    ) : null}
                    <span className="w-16 shrink-0 font-mono text-xs text-zinc-600 dark:text-zinc-400">{task.ref}</span>
                    <Link
                      href={`/w/${workspace.slug}/t/${task.ref}`}
                      className="min-w-0 flex-1 truncate text-sm hover:underline"
                    >
                      {task.title}
                    </Link>
                    <span className="hidden gap-1 lg:flex">
                      {task.labels.map((l) => (
                        <span
                          key={l.id}
                          className="rounded-full border px-2 text-xs"
                          style={{ borderColor: l.color, color: "inherit" }}
                        >
                          {l.name}
                        </span>
                      ))}
                    </span>
                    {task.dueDate ? (
                      <span className="hidden text-xs text-zinc-600 sm:inline dark:text-zinc-400">
                        {formatDate(task.dueDate)}
                      </span>
                    ) : null}
                    {canEdit ? (
                      <>
                        <select
                          aria-label={`Status of ${task.ref}`}
                          value={task.status}
                          onChange={(e) =>
                            update.mutate({ id: task.id, version: task.version, status: e.target.value as TaskStatus })
                          }
                          className={`${selectClass} hidden sm:block`}
                        >
                          {STATUSES.map((s) => (
                            <option key={s.value} value={s.value}>
                              {s.label}
                            </option>
                          ))}
                        </select>
                        <select
                          aria-label={`Priority of ${task.ref}`}
                          value={task.priority}
                          onChange={(e) =>
                            update.mutate({
                              id: task.id,
                              version: task.version,
                              priority: e.target.value as TaskPriority,
                            })
                          }
                          className={`${selectClass} hidden md:block`}
                        >
                          {PRIORITIES.map((p) => (
                            <option key={p.value} value={p.value}>
                              {p.label}
                            </option>
                          ))}
                        </select>
                        <select
                          aria-label={`Assignee of ${task.ref}`}
                          value={task.assignee?.id ?? ""}
                          onChange={(e) =>
                            update.mutate({ id: task.id, version: task.version, assigneeId: e.target.value || null })
                          }
                          className={`${selectClass} hidden w-36 md:block`}
                        >
                          <option value="">Unassigned</option>
                          {memberOptions.map((m) => (
                            <option key={m.user.id} value={m.user.id}>
                              {m.user.name ?? m.user.email}
                            </option>
                          ))}
                        </select>
                      </>
                    ) : (
                      <span className="text-xs text-zinc-600 dark:text-zinc-400">
                        {priorityLabel(task.priority)} · {task.assignee?.name ?? "Unassigned"}
                      </span>
                    )}
                  </li>
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
