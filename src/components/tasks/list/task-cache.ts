import type { InfiniteData } from "@tanstack/react-query";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";

// Pure cache arithmetic for optimistic task edits: what every cached list and task looks like once
// an edit lands, before the server has answered.

type Person = { id: string; name: string | null };
type Label = { id: string; name: string; color: string };

export type CachedTask = {
  id: string;
  projectId: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  assignee: Person | null;
  dueDate: Date | null;
  labels: Label[];
  version: number;
  completedAt: Date | null;
};

/** An edit as the mutations send it: `update` sets labels, `bulkUpdate` adds and removes them. */
export type TaskEdit = {
  title?: string;
  description?: string;
  status?: TaskStatus;
  priority?: TaskPriority;
  assigneeId?: string | null;
  dueDate?: Date | null;
  labelIds?: string[];
  addLabelIds?: string[];
  removeLabelIds?: string[];
};

/** Names for the ids an edit carries, from the workspace's cached members and labels. */
export type Lookup = { people: Map<string, Person>; labels: Map<string, Label> };

/** `bump` is how far the server will move the version: `update` by one, `bulkUpdate` per field changed. */
export type Bump = "one" | "per-field";

export function applyEdit<T extends CachedTask>(
  task: T,
  edit: TaskEdit,
  lookup: Lookup,
  bump: Bump,
  now = new Date(),
): T {
  const next: T = { ...task };
  let changedFields = 0;
  if (edit.title !== undefined) next.title = edit.title;
  if ("description" in next && edit.description !== undefined)
    (next as { description: string }).description = edit.description;
  if (edit.priority !== undefined && edit.priority !== task.priority) {
    next.priority = edit.priority;
    changedFields++;
  }
  if (edit.assigneeId !== undefined && edit.assigneeId !== (task.assignee?.id ?? null)) {
    next.assignee =
      edit.assigneeId === null ? null : (lookup.people.get(edit.assigneeId) ?? { id: edit.assigneeId, name: null });
    changedFields++;
  }
  if (edit.dueDate !== undefined && edit.dueDate?.getTime() !== task.dueDate?.getTime()) {
    next.dueDate = edit.dueDate;
    changedFields++;
  }
  if (edit.status !== undefined && edit.status !== task.status) {
    next.status = edit.status;
    next.completedAt = edit.status === "DONE" ? now : null;
    changedFields++;
  }
  const label = (id: string) => lookup.labels.get(id) ?? { id, name: "…", color: "#a1a1aa" };
  if (edit.labelIds !== undefined) next.labels = edit.labelIds.map(label);
  if (edit.addLabelIds?.length || edit.removeLabelIds?.length) {
    const remove = new Set(edit.removeLabelIds ?? []);
    const kept = task.labels.filter((l) => !remove.has(l.id));
    const have = new Set(kept.map((l) => l.id));
    next.labels = [...kept, ...(edit.addLabelIds ?? []).filter((id) => !have.has(id)).map(label)];
    changedFields++;
  }
  next.version = task.version + (bump === "one" ? 1 : changedFields);
  return next;
}

/** The filters of a task.list input that an edit can move a task into or out of. */
export type ListFilter = {
  projectId?: string;
  status?: TaskStatus[];
  priority?: TaskPriority[];
  assigneeId?: string;
  labelIds?: string[];
};

export function matchesFilter(task: CachedTask, filter: ListFilter): boolean {
  if (filter.projectId && filter.projectId !== task.projectId) return false;
  if (filter.status?.length && !filter.status.includes(task.status)) return false;
  if (filter.priority?.length && !filter.priority.includes(task.priority)) return false;
  if (filter.assigneeId === "none" && task.assignee) return false;
  if (filter.assigneeId && filter.assigneeId !== "none" && task.assignee?.id !== filter.assigneeId) return false;
  if (filter.labelIds?.length && !task.labels.some((l) => filter.labelIds!.includes(l.id))) return false;
  return true;
}

type Page<T> = { items: T[]; nextCursor: string | null };
export type ListData<T> = Page<T> | InfiniteData<Page<T>, unknown>;

function isInfinite<T>(data: ListData<T>): data is InfiniteData<Page<T>, unknown> {
  return "pages" in data;
}

/**
 * One cached list once `edited` (tasks by id, as they now are) lands: an edited task it holds is
 * replaced, or dropped when it no longer matches the list's filter; an edited task it lacks but now
 * matches (a card moved to another board column) is appended to its last page. Answers the same
 * object when nothing changed.
 */
export function patchList<T extends CachedTask>(
  data: ListData<T>,
  filter: ListFilter,
  edited: ReadonlyMap<string, T>,
): ListData<T> {
  const pages = isInfinite(data) ? data.pages : [data];
  const seen = new Set<string>();
  let changed = false;
  const nextPages = pages.map((page) => {
    let pageChanged = false;
    const items: T[] = [];
    for (const item of page.items) {
      const next = edited.get(item.id);
      if (!next) {
        items.push(item);
        continue;
      }
      seen.add(item.id);
      pageChanged = true;
      if (matchesFilter(next, filter)) items.push(next);
    }
    if (!pageChanged) return page;
    changed = true;
    return { ...page, items };
  });
  const joining = [...edited.values()].filter((t) => !seen.has(t.id) && matchesFilter(t, filter));
  if (joining.length && nextPages.length) {
    const last = nextPages.length - 1;
    nextPages[last] = { ...nextPages[last]!, items: [...nextPages[last]!.items, ...joining] };
    changed = true;
  }
  if (!changed) return data;
  return isInfinite(data) ? { ...data, pages: nextPages } : nextPages[0]!;
}

/** Every task a set of cached lists holds, by id (the first copy found). */
export function tasksIn<T extends CachedTask>(lists: (ListData<T> | undefined)[]): Map<string, T> {
  const found = new Map<string, T>();
  for (const data of lists) {
    if (!data) continue;
    for (const page of isInfinite(data) ? data.pages : [data]) {
      for (const item of page.items) if (!found.has(item.id)) found.set(item.id, item);
    }
  }
  return found;
}
