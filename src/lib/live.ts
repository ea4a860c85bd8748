import { z } from "zod";

// Live updates: what the `live.project` subscription sends to the web app and to typed clients.
// A change carries ids, the task's version and the names of changed fields; never a title, a body or
// anything else a reader would need to fetch through the normal, authorised queries.

export const LIVE_EVENT_KINDS = [
  "task.created",
  "task.updated",
  "task.moved",
  "task.deleted",
  "task.restored",
  "task.purged",
  "comment.added",
  "comment.edited",
  "comment.deleted",
  "attachment.added",
  "attachment.deleted",
  "label.created",
  "label.updated",
  "label.deleted",
  "project.updated",
  "project.archived",
  "project.unarchived",
  "member.added",
  "member.removed",
  "member.role",
] as const;

export type LiveEventKind = (typeof LIVE_EVENT_KINDS)[number];

/** One committed change in a project, in the project's own gapless sequence. */
export type LiveChange = {
  type: "change";
  seq: number;
  projectId: string;
  kind: LiveEventKind;
  /** The task the change is about (task.*, comment.*), else null. */
  taskId: string | null;
  /** The comment, label or user the change is about, else null. */
  entityId: string | null;
  /** The task's version after the change, where it has one. */
  version: number | null;
  /** Names of the fields that changed (title, status, position, labels, …). */
  fields: string[];
  actor: { id: string; name: string | null } | null;
  /** The browser tab (CLIENT_ID_HEADER) that made the change, so it can skip its own echo. */
  origin: string | null;
  at: Date;
};

export type LiveViewer = { userId: string; name: string | null; view: string };

export type LiveMessage =
  /** The stream is open; `head` is the project's latest sequence number. */
  | { type: "ready"; head: number }
  | LiveChange
  /** Changes after the client's last event were pruned: refetch everything of the project. */
  | { type: "resync"; head: number }
  /** Who else has this project open, and where (`board`, `list`, `task:<id>`). */
  | { type: "presence"; viewers: LiveViewer[] };

export { CLIENT_ID_HEADER } from "./client-id";
export const ZClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** Where in a project a viewer is: the board, the list, the calendar, or one task. */
export const ZLiveView = z.string().regex(/^(board|list|calendar|task:[A-Za-z0-9_-]{1,40})$/, "Unknown view.");

export const liveProjectInput = z.object({
  projectId: z.string().min(1).max(64),
  /** The last sequence number the client has seen (set by the client link on every reconnect). */
  lastEventId: z
    .string()
    .regex(/^\d{1,15}$/, "lastEventId is a sequence number.")
    .nullish(),
  view: ZLiveView.optional(),
});
export type LiveProjectInput = z.infer<typeof liveProjectInput>;
