import type { NotificationKind, TaskStatus } from "~/generated/prisma/enums";
import { statusLabel } from "~/lib/task-meta";

type Person = { name: string | null; email: string };

export type NotificationLine = {
  kind: NotificationKind;
  detail: string | null;
  commentId: string | null;
  actor: Person | null;
};

export const KIND_LABELS: Record<NotificationKind, string> = {
  ASSIGNED: "Assigned to you",
  MENTIONED: "Mentions of you",
  COMMENTED: "Comments on tasks you follow",
  STATUS_CHANGED: "Status changes on tasks you follow",
  DUE: "Due dates of your tasks",
};

export const personName = (person: Person | null) => person?.name?.trim() || person?.email || "Someone";

const STATUS_VALUES = new Set(["BACKLOG", "TODO", "IN_PROGRESS", "IN_REVIEW", "DONE", "CANCELLED"]);

/** Who did what, in a few words: "Ada Lovelace mentioned you", "Due tomorrow". */
export function describeNotification(n: NotificationLine): string {
  const who = personName(n.actor);
  switch (n.kind) {
    case "ASSIGNED":
      return `${who} assigned you`;
    case "MENTIONED":
      return `${who} mentioned you${n.commentId ? " in a comment" : ""}`;
    case "COMMENTED":
      return `${who} commented`;
    case "STATUS_CHANGED": {
      if (!n.detail) return `${who} changed the status`;
      const label = STATUS_VALUES.has(n.detail) ? statusLabel(n.detail as TaskStatus) : n.detail;
      return `${who} changed the status to ${label}`;
    }
    case "DUE":
      if (n.detail === "overdue") return "Overdue";
      if (n.detail === "today" || n.detail === "tomorrow") return `Due ${n.detail}`;
      return "Due soon";
  }
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago". */
export function relativeTime(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 45) return "just now";
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "minute") return format.format(Math.round(seconds / size), unit);
  }
  return "just now";
}
