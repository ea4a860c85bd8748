import type { TaskStatus } from "~/generated/prisma/enums";
import { STATUSES } from "~/lib/task-meta";

export type Entry<T> =
  | { kind: "group"; key: string; status: TaskStatus; label: string; count: number }
  | { kind: "task"; key: string; task: T };

/** Group headers and task rows as one flat list, in status order; groups without tasks are left out. */
export function groupRows<T extends { id: string; status: TaskStatus }>(items: T[]): Entry<T>[] {
  const entries: Entry<T>[] = [];
  for (const s of STATUSES) {
    const tasks = items.filter((t) => t.status === s.value);
    if (tasks.length === 0) continue;
    entries.push({ kind: "group", key: `group-${s.value}`, status: s.value, label: s.label, count: tasks.length });
    for (const task of tasks) entries.push({ kind: "task", key: task.id, task });
  }
  return entries;
}
