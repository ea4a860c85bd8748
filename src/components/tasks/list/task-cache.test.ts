import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { applyEdit, matchesFilter, patchList, tasksIn, type CachedTask, type Lookup } from "./task-cache";

const task = (id: string, over: Partial<CachedTask> = {}): CachedTask => ({
  id,
  projectId: "p1",
  title: `Task ${id}`,
  status: "TODO",
  priority: "NONE",
  assignee: null,
  dueDate: null,
  labels: [],
  version: 1,
  completedAt: null,
  ...over,
});

const lookup: Lookup = {
  people: new Map([["u1", { id: "u1", name: "Ada" }]]),
  labels: new Map([
    ["l1", { id: "l1", name: "Bug", color: "#f00" }],
    ["l2", { id: "l2", name: "UI", color: "#00f" }],
  ]),
};

type Page = { items: CachedTask[]; nextCursor: string | null };
const pages = (...lists: CachedTask[][]): InfiniteData<Page, unknown> => ({
  pages: lists.map((items, i) => ({ items, nextCursor: i < lists.length - 1 ? `c${i}` : null })),
  pageParams: lists.map((_, i) => (i === 0 ? null : `c${i - 1}`)),
});

describe("applyEdit", () => {
  it("sets fields with names from the workspace and moves the version as the server will", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const next = applyEdit(task("a"), { status: "DONE", assigneeId: "u1", labelIds: ["l2"] }, lookup, "one", now);
    expect(next).toMatchObject({
      status: "DONE",
      completedAt: now,
      assignee: { id: "u1", name: "Ada" },
      labels: [{ id: "l2", name: "UI" }],
      version: 2,
    });
  });

  it("counts one version per changed field for a bulk change, and adds labels without repeats", () => {
    const start = task("a", { priority: "HIGH", labels: [{ id: "l1", name: "Bug", color: "#f00" }] });
    const next = applyEdit(
      start,
      { priority: "HIGH", status: "IN_PROGRESS", addLabelIds: ["l1", "l2"] },
      lookup,
      "per-field",
    );
    expect(next.labels.map((l) => l.id)).toEqual(["l1", "l2"]);
    expect(next.version).toBe(3);
    expect(applyEdit(start, { removeLabelIds: ["l1"] }, lookup, "per-field").labels).toEqual([]);
  });

  it("leaves the task it was given unchanged", () => {
    const start = task("a");
    applyEdit(start, { title: "New" }, lookup, "one");
    expect(start.title).toBe("Task a");
  });
});

describe("matchesFilter", () => {
  it("checks status, priority, assignee (or none) and any of the labels", () => {
    const t = task("a", { priority: "LOW", labels: [{ id: "l1", name: "Bug", color: "#f00" }] });
    expect(matchesFilter(t, { projectId: "p1", status: ["TODO"], priority: ["LOW"], labelIds: ["l1", "l9"] })).toBe(
      true,
    );
    expect(matchesFilter(t, { status: ["DONE"] })).toBe(false);
    expect(matchesFilter(t, { assigneeId: "none" })).toBe(true);
    expect(matchesFilter(t, { assigneeId: "u1" })).toBe(false);
    expect(matchesFilter(t, { projectId: "p2" })).toBe(false);
  });
});

describe("patchList", () => {
  it("moves a task between board columns at once", () => {
    const todo = pages([task("a"), task("b")]);
    const done = pages([task("c", { status: "DONE" })]);
    const moved = applyEdit(task("a"), { status: "DONE" }, lookup, "one");
    const edited = new Map([["a", moved]]);
    const nextTodo = patchList(todo, { projectId: "p1", status: ["TODO"] }, edited) as typeof todo;
    const nextDone = patchList(done, { projectId: "p1", status: ["DONE"] }, edited) as typeof done;
    expect(nextTodo.pages[0]!.items.map((t) => t.id)).toEqual(["b"]);
    expect(nextDone.pages[0]!.items.map((t) => t.id)).toEqual(["c", "a"]);
    // The originals are untouched: they are what a rollback restores.
    expect(todo.pages[0]!.items.map((t) => t.id)).toEqual(["a", "b"]);
    expect(done.pages[0]!.items.map((t) => t.id)).toEqual(["c"]);
  });

  it("replaces a task in place in an unfiltered list, on whichever page it is", () => {
    const list = pages([task("a")], [task("b"), task("c")]);
    const edited = new Map([["b", applyEdit(task("b"), { status: "IN_REVIEW" }, lookup, "one")]]);
    const next = patchList(list, { projectId: "p1" }, edited) as typeof list;
    expect(next.pages[1]!.items.map((t) => [t.id, t.status])).toEqual([
      ["b", "IN_REVIEW"],
      ["c", "TODO"],
    ]);
    expect(next.pages[0]).toBe(list.pages[0]);
  });

  it("answers the same object when the list holds nothing edited and nothing joins", () => {
    const list = pages([task("a")]);
    const edited = new Map([["z", task("z", { status: "DONE" })]]);
    expect(patchList(list, { status: ["TODO"] }, edited)).toBe(list);
  });

  it("patches a single page (a search) as well as an infinite list", () => {
    const page = { items: [task("a")], nextCursor: null };
    const next = patchList(page, {}, new Map([["a", task("a", { title: "Renamed" })]]));
    expect(next).toEqual({ items: [task("a", { title: "Renamed" })], nextCursor: null });
  });
});

describe("tasksIn", () => {
  it("collects the tasks of every list by id", () => {
    const found = tasksIn([pages([task("a")], [task("b")]), undefined, { items: [task("c")], nextCursor: null }]);
    expect([...found.keys()]).toEqual(["a", "b", "c"]);
  });
});
