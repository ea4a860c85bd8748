import { describe, expect, it } from "vitest";
import { rowKeyAction, type KeyLike } from "./keys";
import { extendSelection, keepPresent, rangeBetween, toggled } from "./selection";

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  shiftKey: false,
  metaKey: false,
  ctrlKey: false,
  altKey: false,
  ...mods,
});
const focused = { focused: true, onRow: true };
const onChip = { focused: true, onRow: false };
const hovered = { focused: false, onRow: false };

describe("rowKeyAction", () => {
  it("opens a picker by its letter, focused or hovered", () => {
    expect(rowKeyAction(key("s"), focused)).toEqual({ kind: "picker", picker: "status" });
    expect(rowKeyAction(key("p"), hovered)).toEqual({ kind: "picker", picker: "priority" });
    expect(rowKeyAction(key("a"), onChip)).toEqual({ kind: "picker", picker: "assignee" });
    expect(rowKeyAction(key("l"), focused)).toEqual({ kind: "picker", picker: "labels" });
    expect(rowKeyAction(key("d"), focused)).toEqual({ kind: "picker", picker: "due" });
  });

  it("leaves keys with Ctrl, ⌘ or Alt, and shifted letters, to others", () => {
    for (const mods of [{ ctrlKey: true }, { metaKey: true }, { altKey: true }]) {
      expect(rowKeyAction(key("s", mods), focused)).toBeNull();
      expect(rowKeyAction(key("ArrowDown", mods), focused)).toBeNull();
    }
    expect(rowKeyAction(key("S", { shiftKey: true }), focused)).toBeNull();
    expect(rowKeyAction(key("q"), focused)).toBeNull();
  });

  it("moves with arrows and j/k only from a focused row, extending with shift", () => {
    expect(rowKeyAction(key("ArrowDown"), focused)).toEqual({ kind: "move", by: 1, extend: false });
    expect(rowKeyAction(key("ArrowUp", { shiftKey: true }), onChip)).toEqual({ kind: "move", by: -1, extend: true });
    expect(rowKeyAction(key("j"), focused)).toEqual({ kind: "move", by: 1, extend: false });
    expect(rowKeyAction(key("k"), focused)).toEqual({ kind: "move", by: -1, extend: false });
    expect(rowKeyAction(key("ArrowDown"), hovered)).toBeNull();
    expect(rowKeyAction(key("j"), hovered)).toBeNull();
  });

  it("opens with e anywhere on the row and with Enter on the row itself", () => {
    expect(rowKeyAction(key("e"), hovered)).toEqual({ kind: "open" });
    expect(rowKeyAction(key("Enter"), focused)).toEqual({ kind: "open" });
    expect(rowKeyAction(key("Enter"), onChip)).toBeNull();
  });

  it("toggles with x, renames with r or F2, clears with Escape", () => {
    expect(rowKeyAction(key("x"), focused)).toEqual({ kind: "toggle" });
    expect(rowKeyAction(key("r"), focused)).toEqual({ kind: "rename" });
    expect(rowKeyAction(key("F2"), focused)).toEqual({ kind: "rename" });
    expect(rowKeyAction(key("Escape"), hovered)).toEqual({ kind: "clear" });
  });
});

describe("selection", () => {
  const order = ["a", "b", "c", "d", "e"];

  it("answers a range either way round", () => {
    expect(rangeBetween(order, "b", "d")).toEqual(["b", "c", "d"]);
    expect(rangeBetween(order, "d", "b")).toEqual(["b", "c", "d"]);
    expect(rangeBetween(order, "b", "zz")).toEqual([]);
  });

  it("grows and shrinks a shift-extension and keeps what was chosen before", () => {
    let s = extendSelection(new Set(["e"]), order, "b", "b", "c");
    expect([...s].sort()).toEqual(["b", "c", "e"]);
    s = extendSelection(s, order, "b", "c", "d");
    expect([...s].sort()).toEqual(["b", "c", "d", "e"]);
    s = extendSelection(s, order, "b", "d", "a");
    expect([...s].sort()).toEqual(["a", "b", "e"]);
  });

  it("toggles one row and drops rows that left the list", () => {
    expect([...toggled(new Set(["a"]), "b")]).toEqual(["a", "b"]);
    expect([...toggled(new Set(["a"]), "a")]).toEqual([]);
    const s = new Set(["a", "b"]);
    expect(keepPresent(s, new Set(order))).toBe(s);
    expect([...keepPresent(s, new Set(["b"]))]).toEqual(["b"]);
  });
});

describe("groupRows", () => {
  it("puts each status's header before its tasks, in status order, skipping empty groups", async () => {
    const { groupRows } = await import("./rows");
    const entries = groupRows([
      { id: "a", status: "DONE" as const },
      { id: "b", status: "TODO" as const },
      { id: "c", status: "TODO" as const },
    ]);
    expect(entries.map((e) => (e.kind === "group" ? `${e.label}:${e.count}` : e.key))).toEqual([
      "Todo:2",
      "b",
      "c",
      "Done:1",
      "a",
    ]);
  });
});
