import type { LiveChange, LiveViewer } from "~/lib/live";

/** Which cached queries of one project to refetch; events add to it, and a batch applies it at once. */
export type LivePlan = {
  /** Everything of the project (a `resync`: changes were pruned before this tab saw them). */
  everything: boolean;
  /** `task.list` of the project: board columns, the list, the command palette. */
  taskLists: boolean;
  /** `task.get` of these tasks. */
  tasks: Set<string>;
  /** `task.get` of the project's other open tasks (their subtask rows and label chips may show the change). */
  otherTasks: boolean;
  comments: Set<string>;
  /** `attachment.list` of these tasks. */
  attachments: Set<string>;
  activity: Set<string>;
  labels: boolean;
  /** The project itself: its name and archive state, rendered by the server and in `project.list`. */
  project: boolean;
  members: boolean;
};

export function emptyPlan(): LivePlan {
  return {
    everything: false,
    taskLists: false,
    tasks: new Set(),
    otherTasks: false,
    comments: new Set(),
    attachments: new Set(),
    activity: new Set(),
    labels: false,
    project: false,
    members: false,
  };
}

export function isEmptyPlan(plan: LivePlan): boolean {
  return (
    !plan.everything &&
    !plan.taskLists &&
    plan.tasks.size === 0 &&
    !plan.otherTasks &&
    plan.comments.size === 0 &&
    plan.attachments.size === 0 &&
    plan.activity.size === 0 &&
    !plan.labels &&
    !plan.project &&
    !plan.members
  );
}

/** A change this tab made itself: its mutation already refreshed what it touched. */
export function isOwnChange(change: Pick<LiveChange, "origin">, clientId: string): boolean {
  return change.origin !== null && change.origin === clientId;
}

/** Adds what `change` touches to `plan`. Returns false when the change is this tab's own and is skipped. */
export function addChange(plan: LivePlan, change: LiveChange, clientId: string): boolean {
  if (isOwnChange(change, clientId)) return false;
  const taskId = change.taskId;
  const [domain] = change.kind.split(".");
  switch (domain) {
    case "task":
      plan.taskLists = true;
      plan.otherTasks = true;
      if (taskId) {
        plan.tasks.add(taskId);
        plan.activity.add(taskId);
      }
      break;
    case "comment":
      if (taskId) {
        plan.comments.add(taskId);
        plan.activity.add(taskId);
      }
      break;
    case "attachment":
      if (taskId) plan.attachments.add(taskId);
      break;
    case "label":
      plan.labels = true;
      plan.taskLists = true;
      plan.otherTasks = true;
      break;
    case "project":
      plan.project = true;
      break;
    case "member":
      plan.members = true;
      // A removed member's tasks lose their assignee.
      if (change.kind === "member.removed") {
        plan.taskLists = true;
        plan.otherTasks = true;
      }
      break;
  }
  return true;
}

/** Refetch everything of the project. */
export function addResync(plan: LivePlan): void {
  plan.everything = true;
  plan.taskLists = true;
  plan.otherTasks = true;
  plan.labels = true;
  plan.project = true;
  plan.members = true;
}

/**
 * Should `task.get` of `taskId` be refetched under `plan`? Never the `held` task: a page with unsaved
 * edits to it keeps the version shown until the person chooses to reload.
 */
export function refetchesTask(plan: LivePlan, taskId: string, held: string | null = null): boolean {
  if (taskId === held) return false;
  return plan.tasks.has(taskId) || plan.otherTasks;
}

/**
 * Collects plans and applies them after `delayMs` of quiet, so a burst of changes (a bulk edit) costs
 * one refetch per query. While paused (a card is being dragged) nothing is applied; resuming applies
 * what waited.
 */
export function createLiveBatch(onApply: (plan: LivePlan) => void, delayMs = 150) {
  let apply = onApply;
  let plan = emptyPlan();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let paused = false;

  const flush = () => {
    timer = null;
    if (paused || isEmptyPlan(plan)) return;
    const ready = plan;
    plan = emptyPlan();
    apply(ready);
  };
  const schedule = () => {
    if (timer === null) timer = setTimeout(flush, delayMs);
  };

  return {
    add(update: (plan: LivePlan) => boolean | void) {
      if (update(plan) !== false) schedule();
    },
    setPaused(next: boolean) {
      paused = next;
      if (!paused && !isEmptyPlan(plan)) schedule();
    },
    setApply(next: (plan: LivePlan) => void) {
      apply = next;
    },
    dispose() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/**
 * The other people on this project, once each (a second tab of the same person is not another viewer).
 * Someone with several views open shows where this page is (`here`) if they are there too, else on a
 * task rather than on the board or list: the more specific place.
 */
export function otherViewers(viewers: LiveViewer[], selfId: string | null, here?: string): LiveViewer[] {
  const rank = (view: string) => (view === here ? 2 : view.startsWith("task:") ? 1 : 0);
  const seen = new Map<string, LiveViewer>();
  for (const viewer of viewers) {
    if (viewer.userId === selfId) continue;
    const known = seen.get(viewer.userId);
    if (!known || rank(viewer.view) > rank(known.view)) seen.set(viewer.userId, viewer);
  }
  return [...seen.values()].sort(
    (a, b) => (a.name ?? "").localeCompare(b.name ?? "") || a.userId.localeCompare(b.userId),
  );
}

/** Where a viewer is, in words: "on the board", "on the list", "on this task", "on another task". */
export function describeView(view: string, currentView?: string): string {
  if (view === "board") return "on the board";
  if (view === "list") return "on the list";
  if (view === "calendar") return "on the calendar";
  if (view === currentView) return "on this task";
  return currentView?.startsWith("task:") ? "on another task" : "on a task";
}

/** Up to two initials: "Ada Lovelace" → "AL", "grace" → "G", no name → "?". */
export function initials(name: string | null): string {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = words[0]!;
  const last = words.length > 1 ? words[words.length - 1]! : "";
  return (Array.from(first)[0]! + (last ? Array.from(last)[0]! : "")).toUpperCase();
}
