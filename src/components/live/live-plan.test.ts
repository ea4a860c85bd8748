import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveChange, LiveEventKind } from "~/lib/live";
import {
  addChange,
  addResync,
  createLiveBatch,
  describeView,
  emptyPlan,
  initials,
  isEmptyPlan,
  otherViewers,
  refetchesTask,
  type LivePlan,
} from "./live-plan";

const ME = "tab0000000000001";

function change(kind: LiveEventKind, patch: Partial<LiveChange> = {}): LiveChange {
  return {
    type: "change",
    seq: 1,
    projectId: "p1",
    kind,
    taskId: kind.startsWith("task.") || kind.startsWith("comment.") || kind.startsWith("attachment.") ? "t1" : null,
    entityId: null,
    version: 2,
    fields: [],
    actor: { id: "u2", name: "Grace Hopper" },
    origin: "tab0000000000002",
    at: new Date(0),
    ...patch,
  };
}

function planOf(...changes: LiveChange[]): LivePlan {
  const plan = emptyPlan();
  for (const c of changes) addChange(plan, c, ME);
  return plan;
}

describe("addChange", () => {
  it("skips this tab's own changes and nothing else", () => {
    const plan = emptyPlan();
    expect(addChange(plan, change("task.updated", { origin: ME }), ME)).toBe(false);
    expect(isEmptyPlan(plan)).toBe(true);
    expect(addChange(plan, change("task.updated", { origin: null }), ME)).toBe(true);
    expect(plan.tasks.has("t1")).toBe(true);
  });

  it("refetches the project's lists, the task and its activity when someone moves a task", () => {
    const plan = planOf(change("task.moved", { fields: ["status", "position"] }));
    expect(plan.taskLists).toBe(true);
    expect([...plan.tasks]).toEqual(["t1"]);
    expect([...plan.activity]).toEqual(["t1"]);
    expect(plan.comments.size + plan.attachments.size).toBe(0);
    expect(plan.labels || plan.project || plan.members).toBe(false);
  });

  it("refetches a task's comments and activity, not the task lists, for a comment", () => {
    const plan = planOf(change("comment.added", { taskId: "t7" }));
    expect([...plan.comments]).toEqual(["t7"]);
    expect([...plan.activity]).toEqual(["t7"]);
    expect(plan.taskLists).toBe(false);
    expect(refetchesTask(plan, "t7")).toBe(false);
  });

  it("refetches a task's attachments, nothing else, when someone attaches or deletes a file", () => {
    const plan = planOf(change("attachment.added", { taskId: "t7", entityId: "a1" }), change("attachment.deleted"));
    expect([...plan.attachments].sort()).toEqual(["t1", "t7"]);
    expect(plan.comments.size + plan.tasks.size + plan.activity.size).toBe(0);
    expect(plan.taskLists || plan.otherTasks || plan.labels || plan.project || plan.members).toBe(false);
    expect(refetchesTask(plan, "t7")).toBe(false);
    expect(isEmptyPlan(plan)).toBe(false);
  });

  it("skips this tab's own attachment and one without a task", () => {
    expect(isEmptyPlan(planOf(change("attachment.added", { origin: ME })))).toBe(true);
    expect(isEmptyPlan(planOf(change("attachment.deleted", { taskId: null })))).toBe(true);
  });

  it("refetches labels and the cards that show them for a label change", () => {
    const plan = planOf(change("label.updated", { entityId: "l1" }));
    expect(plan.labels && plan.taskLists && plan.otherTasks).toBe(true);
    expect(plan.members || plan.project).toBe(false);
  });

  it("refetches the project for project events and the members for member events", () => {
    expect(planOf(change("project.archived")).project).toBe(true);
    expect(planOf(change("project.archived")).taskLists).toBe(false);
    expect(planOf(change("member.role")).members).toBe(true);
    expect(planOf(change("member.role")).taskLists).toBe(false);
    expect(planOf(change("member.removed")).taskLists).toBe(true);
  });

  it("keeps a held task as shown while still refreshing its lists and activity", () => {
    const plan = planOf(change("task.updated", { fields: ["title"] }), change("task.updated", { taskId: "t2" }));
    expect(refetchesTask(plan, "t1", "t1")).toBe(false);
    expect(refetchesTask(plan, "t1")).toBe(true);
    expect(refetchesTask(plan, "t2", "t1")).toBe(true);
    expect(plan.taskLists).toBe(true);
    expect(plan.activity.has("t1")).toBe(true);
  });

  it("refetches a task page's task when another task changes (its subtask rows), unless held", () => {
    const plan = planOf(change("task.updated", { taskId: "sub" }));
    expect(refetchesTask(plan, "parent")).toBe(true);
    expect(refetchesTask(plan, "parent", "parent")).toBe(false);
    expect(refetchesTask(planOf(change("comment.added", { taskId: "sub" })), "parent")).toBe(false);
  });

  it("a resync refetches everything but still respects a held task", () => {
    const plan = emptyPlan();
    addResync(plan);
    expect(plan.everything && plan.taskLists && plan.labels && plan.project && plan.members).toBe(true);
    expect(refetchesTask(plan, "t9")).toBe(true);
    expect(refetchesTask(plan, "t1", "t1")).toBe(false);
  });
});

describe("emptyPlan", () => {
  it("is empty until an attachment list is named", () => {
    const plan = emptyPlan();
    expect(isEmptyPlan(plan)).toBe(true);
    plan.attachments.add("t1");
    expect(isEmptyPlan(plan)).toBe(false);
  });
});

describe("createLiveBatch", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("applies a burst of changes once, after 150 ms of quiet", () => {
    const applied: LivePlan[] = [];
    const batch = createLiveBatch((plan) => applied.push(plan));
    batch.add((plan) => addChange(plan, change("task.updated", { taskId: "a" }), ME));
    vi.advanceTimersByTime(100);
    batch.add((plan) => addChange(plan, change("task.updated", { taskId: "b" }), ME));
    expect(applied).toHaveLength(0);
    vi.advanceTimersByTime(60);
    expect(applied).toHaveLength(1);
    expect([...applied[0]!.tasks].sort()).toEqual(["a", "b"]);
    vi.advanceTimersByTime(1000);
    expect(applied).toHaveLength(1);
  });

  it("applies nothing for own changes", () => {
    const applied: LivePlan[] = [];
    const batch = createLiveBatch((plan) => applied.push(plan));
    batch.add((plan) => addChange(plan, change("task.updated", { origin: ME }), ME));
    vi.advanceTimersByTime(1000);
    expect(applied).toHaveLength(0);
  });

  it("waits while paused (a card is being dragged) and applies on resume", () => {
    const applied: LivePlan[] = [];
    const batch = createLiveBatch((plan) => applied.push(plan));
    batch.setPaused(true);
    batch.add((plan) => addChange(plan, change("task.moved"), ME));
    vi.advanceTimersByTime(5000);
    expect(applied).toHaveLength(0);
    batch.add((plan) => addChange(plan, change("task.moved", { taskId: "t2" }), ME));
    batch.setPaused(false);
    vi.advanceTimersByTime(150);
    expect(applied).toHaveLength(1);
    expect([...applied[0]!.tasks].sort()).toEqual(["t1", "t2"]);
  });

  it("applies nothing after dispose", () => {
    const applied: LivePlan[] = [];
    const batch = createLiveBatch((plan) => applied.push(plan));
    batch.add((plan) => addChange(plan, change("task.updated"), ME));
    batch.dispose();
    vi.advanceTimersByTime(1000);
    expect(applied).toHaveLength(0);
  });
});

describe("presence", () => {
  it("lists other people once each, not the signed-in person", () => {
    const viewers = otherViewers(
      [
        { userId: "me", name: "Me", view: "board" },
        { userId: "u2", name: "Grace Hopper", view: "board" },
        { userId: "u2", name: "Grace Hopper", view: "task:t1" },
        { userId: "u3", name: "Ada Lovelace", view: "list" },
      ],
      "me",
    );
    expect(viewers).toEqual([
      { userId: "u3", name: "Ada Lovelace", view: "list" },
      { userId: "u2", name: "Grace Hopper", view: "task:t1" },
    ]);
  });

  it("shows someone with several views where this page is, if they are here too", () => {
    const viewers = [
      { userId: "u2", name: "Grace Hopper", view: "task:t1" },
      { userId: "u2", name: "Grace Hopper", view: "task:t2" },
      { userId: "u2", name: "Grace Hopper", view: "board" },
    ];
    expect(otherViewers(viewers, "me", "task:t2")[0]?.view).toBe("task:t2");
    expect(otherViewers(viewers, "me", "board")[0]?.view).toBe("board");
    expect(otherViewers(viewers, "me", "list")[0]?.view).toBe("task:t1");
  });

  it("says where a viewer is", () => {
    expect(describeView("board")).toBe("on the board");
    expect(describeView("list", "board")).toBe("on the list");
    expect(describeView("task:t1", "task:t1")).toBe("on this task");
    expect(describeView("task:t2", "task:t1")).toBe("on another task");
    expect(describeView("task:t2", "board")).toBe("on a task");
  });

  it("makes initials from names", () => {
    expect(initials("Ada Lovelace")).toBe("AL");
    expect(initials("  grace  brewster hopper ")).toBe("GH");
    expect(initials("Ólafur")).toBe("Ó");
    expect(initials(null)).toBe("?");
    expect(initials("  ")).toBe("?");
  });
});
