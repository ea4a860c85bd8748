/**
 * Keeps what did not change: answers `next`, except that every part deeply equal to the same part of
 * `previous` is `previous`'s object. TanStack Query does this for plain objects and arrays only; data
 * read through superjson carries Date objects, so without this a refetch that changed nothing (or one
 * task) would hand every row new props and re-render the whole list.
 */
export function shareEqual<T>(previous: unknown, next: T): T {
  if (previous === next) return next;
  if (previous instanceof Date && next instanceof Date) {
    return (previous.getTime() === next.getTime() ? previous : next) as T;
  }
  if (Array.isArray(previous) && Array.isArray(next)) {
    let same = previous.length === next.length;
    const out = next.map((item: unknown, i) => {
      const shared = shareEqual(previous[i], item);
      if (shared !== previous[i]) same = false;
      return shared;
    });
    return (same ? previous : out) as T;
  }
  if (isPlain(previous) && isPlain(next)) {
    const keys = Object.keys(next);
    let same = keys.length === Object.keys(previous).length;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const shared = shareEqual(previous[key], next[key]);
      out[key] = shared;
      if (shared !== previous[key] || !(key in previous)) same = false;
    }
    return (same ? previous : out) as T;
  }
  return next;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
