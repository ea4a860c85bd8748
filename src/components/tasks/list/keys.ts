export type PickerKind = "status" | "priority" | "assignee" | "labels" | "due";

export type RowAction =
  | { kind: "picker"; picker: PickerKind }
  | { kind: "open" }
  | { kind: "toggle" }
  | { kind: "rename" }
  | { kind: "move"; by: 1 | -1; extend: boolean }
  | { kind: "clear" };

export type KeyLike = { key: string; shiftKey: boolean; metaKey: boolean; ctrlKey: boolean; altKey: boolean };

const PICKER_KEYS: Record<string, PickerKind> = { s: "status", p: "priority", a: "assignee", l: "labels", d: "due" };

/**
 * What a key does to the task row it is pressed on (focused, or under the pointer when `focused` is
 * false). Keys with Ctrl, ⌘ or Alt belong to the browser and the system; arrows and Enter only act
 * on a focused row, where Enter on the row itself (`onRow`) opens the task.
 */
export function rowKeyAction(e: KeyLike, where: { focused: boolean; onRow: boolean }): RowAction | null {
  if (e.metaKey || e.ctrlKey || e.altKey) return null;
  if (e.key === "Escape") return { kind: "clear" };
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    return where.focused ? { kind: "move", by: e.key === "ArrowDown" ? 1 : -1, extend: e.shiftKey } : null;
  }
  if (e.shiftKey) return null;
  if (e.key in PICKER_KEYS) return { kind: "picker", picker: PICKER_KEYS[e.key]! };
  switch (e.key) {
    case "j":
      return where.focused ? { kind: "move", by: 1, extend: false } : null;
    case "k":
      return where.focused ? { kind: "move", by: -1, extend: false } : null;
    case "e":
      return { kind: "open" };
    case "Enter":
      return where.onRow ? { kind: "open" } : null;
    case "x":
      return { kind: "toggle" };
    case "r":
    case "F2":
      return { kind: "rename" };
    default:
      return null;
  }
}
