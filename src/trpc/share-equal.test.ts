import { describe, expect, it } from "vitest";
import { shareEqual } from "./share-equal";

const row = (id: string, title: string, due: string | null) => ({
  id,
  title,
  dueDate: due ? new Date(due) : null,
  labels: [{ id: "l1", name: "Bug" }],
});

describe("shareEqual", () => {
  it("keeps the previous data when a refetch brings the same values, Dates included", () => {
    const before = { pages: [{ items: [row("a", "One", "2030-05-16"), row("b", "Two", null)], nextCursor: null }] };
    const after = structuredClone(before);
    expect(after).not.toBe(before);
    expect(shareEqual(before, after)).toBe(before);
  });

  it("keeps unchanged rows and replaces only the changed one", () => {
    const before = { items: [row("a", "One", "2030-05-16"), row("b", "Two", "2030-05-17")] };
    const after = { items: [row("a", "One", "2030-05-16"), row("b", "Two", "2030-05-18")] };
    const shared = shareEqual(before, after);
    expect(shared).not.toBe(before);
    expect(shared.items[0]).toBe(before.items[0]);
    expect(shared.items[1]).not.toBe(before.items[1]);
    expect(shared.items[1]!.dueDate!.toISOString()).toBe("2030-05-18T00:00:00.000Z");
    expect(shared.items[1]!.labels).toBe(before.items[1]!.labels);
  });

  it("notices added, removed and reordered entries and keys", () => {
    const a = row("a", "One", null);
    const b = row("b", "Two", null);
    expect(shareEqual([a, b], [structuredClone(b), structuredClone(a)])).toEqual([b, a]);
    expect(shareEqual([a, b], [structuredClone(a)])).toHaveLength(1);
    expect(shareEqual({ x: 1 }, { x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
    expect(shareEqual({ x: 1, y: undefined }, { x: 1, z: undefined })).toEqual({ x: 1, z: undefined });
    expect(shareEqual(new Date(1), new Date(2)).getTime()).toBe(2);
  });
});
