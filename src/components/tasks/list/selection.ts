/** The ids from `a` to `b` inclusive, in list order (either way round); empty when either is missing. */
export function rangeBetween(order: readonly string[], a: string, b: string): string[] {
  const i = order.indexOf(a);
  const j = order.indexOf(b);
  if (i < 0 || j < 0) return [];
  return order.slice(Math.min(i, j), Math.max(i, j) + 1);
}

export function toggled(selection: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selection);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/**
 * The selection once a shift-extension from `anchor` moves its far end from `from` to `to` (a
 * shift+arrow step or a shift-click): the rows of the old stretch are let go, the new stretch is
 * chosen, and whatever was chosen outside both stays.
 */
export function extendSelection(
  selection: ReadonlySet<string>,
  order: readonly string[],
  anchor: string,
  from: string,
  to: string,
): Set<string> {
  const next = new Set(selection);
  for (const id of rangeBetween(order, anchor, from)) next.delete(id);
  for (const id of rangeBetween(order, anchor, to)) next.add(id);
  return next;
}

/** Drops ids no longer in the list (filtered out, deleted). Answers the same set when all remain. */
export function keepPresent(selection: Set<string>, present: ReadonlySet<string>): Set<string> {
  for (const id of selection) if (!present.has(id)) return new Set([...selection].filter((i) => present.has(i)));
  return selection;
}
