import type { TaskStatus } from "~/generated/prisma/enums";

// Card ids per column, top to bottom.
export type Columns = Record<TaskStatus, string[]>;

export type Drop = {
  columns: Columns;
  move: { status: TaskStatus; afterId: string | null; beforeId: string | null };
};

const isStatus = (columns: Columns, id: string): id is TaskStatus => Object.hasOwn(columns, id);

function cloneColumns(columns: Columns): Columns {
  const out = {} as Columns;
  for (const status of Object.keys(columns) as TaskStatus[]) out[status] = [...columns[status]];
  return out;
}

function arrayMove<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

// The column a card or a column id belongs to; a column's own id names that column.
export function findColumn(columns: Columns, id: string): TaskStatus | null {
  if (isStatus(columns, id)) return id;
  return (Object.keys(columns) as TaskStatus[]).find((status) => columns[status].includes(id)) ?? null;
}

// While dragging over another column, the card joins it where the pointer is (or at its end).
// Null when nothing changes.
export function dragOver(columns: Columns, activeId: string, overId: string): Columns | null {
  const from = findColumn(columns, activeId);
  const to = findColumn(columns, overId);
  if (!from || !to || from === to) return null;
  const next = cloneColumns(columns);
  next[from] = next[from].filter((id) => id !== activeId);
  const overIndex = next[to].indexOf(overId);
  next[to].splice(overIndex >= 0 ? overIndex : next[to].length, 0, activeId);
  return next;
}

// Where a dropped card lands: the layout to show and the move to send (the neighbour above it, or
// the one below when it lands on top). Null when the drop changes nothing the server knows.
export function dropCard(
  columns: Columns,
  serverColumns: Columns,
  card: { id: string; status: TaskStatus },
  overId: string,
): Drop | null {
  const to = findColumn(columns, overId);
  if (!to) return null;
  const id = card.id;
  const next = cloneColumns(columns);
  for (const status of Object.keys(next) as TaskStatus[]) {
    if (status !== to) next[status] = next[status].filter((x) => x !== id);
  }
  if (!next[to].includes(id)) next[to].push(id);
  const list = next[to];
  const overIndex = overId === to ? list.length - 1 : list.indexOf(overId);
  next[to] = arrayMove(list, list.indexOf(id), overIndex >= 0 ? overIndex : list.length - 1);
  const index = next[to].indexOf(id);
  const afterId = index > 0 ? next[to][index - 1]! : null;
  const beforeId = afterId ? null : (next[to][index + 1] ?? null);
  if (card.status === to && serverColumns[to].join() === next[to].join()) return null;
  return { columns: next, move: { status: to, afterId, beforeId } };
}
