import superjson from "superjson";
import type { SuperJSONResult } from "superjson";

// superjson's wire format, written faster for the values the API returns: plain objects, arrays,
// strings, finite numbers, booleans, null, undefined and Dates. superjson walks every value through a
// chain of type checks and tracks shared references; for a page of 50 tasks that is about five times
// the cost of JSON.stringify. Here one walk copies the value and records only the paths of Dates and
// undefineds, in the same `{ json, meta: { values } }` shape, so any superjson client reads it
// unchanged. Anything else (Map, Set, BigInt, NaN, class instances, cycles…) goes to superjson itself.
// Shared references arrive as equal copies rather than one object, which JSON-shaped answers never
// rely on.

// Thrown (one instance, made once) to hand a value over to superjson.
const UNSUPPORTED = new Error("a value for superjson");
const MAX_DEPTH = 100;

type Values = Record<string, [string]>;

// superjson's path syntax: keys joined by ".", with "." and "\\" in a key escaped by "\\".
const escapeKey = (key: string) =>
  key.includes(".") || key.includes("\\") ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key;
const childPath = (path: string, depth: number, key: string) =>
  depth === 0 ? escapeKey(key) : `${path}.${escapeKey(key)}`;

// Copied as they are, with no path: most of an answer's values.
const isPlain = (value: unknown) =>
  value === null ||
  typeof value === "string" ||
  typeof value === "boolean" ||
  (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0));

// Copies a value that is not plain. `path` is the value's own path (unused at depth 0, the whole
// answer); a child's is made only when the child needs one, so a row's strings and numbers cost no
// string building.
function copy(value: unknown, path: string, depth: number, values: Values): unknown {
  if (value === undefined) {
    if (depth === 0) throw UNSUPPORTED;
    values[path] = ["undefined"];
    return null;
  }
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) throw UNSUPPORTED;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = isPlain(item) ? item : copy(item, childPath(path, depth, String(i)), depth + 1, values);
    }
    return out;
  }
  if (value instanceof Date) {
    if (depth === 0 || Number.isNaN(value.getTime())) throw UNSUPPORTED;
    values[path] = ["Date"];
    return value.toISOString();
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) throw UNSUPPORTED;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // superjson refuses these keys (prototype pollution); it is left to say so.
    if (key === "__proto__" || key === "constructor" || key === "prototype") throw UNSUPPORTED;
    const item = (value as Record<string, unknown>)[key];
    out[key] = isPlain(item) ? item : copy(item, childPath(path, depth, key), depth + 1, values);
  }
  return out;
}

export function serialize(value: unknown): SuperJSONResult {
  const values: Values = {};
  let json: unknown;
  try {
    json = isPlain(value) ? value : copy(value, "", 0, values);
  } catch (error) {
    if (error === UNSUPPORTED) return superjson.serialize(value);
    throw error;
  }
  type Annotations = NonNullable<SuperJSONResult["meta"]>["values"];
  for (const _ in values) {
    return { json: json as SuperJSONResult["json"], meta: { values: values as unknown as Annotations, v: 1 } };
  }
  return { json: json as SuperJSONResult["json"] };
}

export const stringify = (value: unknown): string => JSON.stringify(serialize(value));

/** The tRPC transformer: answers written by `serialize`, everything read by superjson. */
export const transformer = {
  input: superjson,
  output: { serialize, deserialize: superjson.deserialize.bind(superjson) },
};
