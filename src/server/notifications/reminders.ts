import type { Db } from "~/server/db";
import { doorbell } from "~/server/live/doorbell";
import { inboxChannel, notify } from "./service";

// Due-date reminders for the assignee of each open task: "tomorrow", "today" and "overdue", judged by
// the assignee's calendar in their own time zone (none set: UTC). A due date is a calendar date, stored
// as midnight UTC (~/lib/task-meta), so it is compared as a date, never as an instant.
//
// Exactly once. Each reminder is claimed by inserting its due_reminders row (task, person, stage, due
// date) with ON CONFLICT DO NOTHING, and its notification is written in the same transaction. Two
// overlapping runs insert the same row: the second waits for the first to commit, then conflicts and
// writes nothing. A run that dies before committing leaves no claim, and the next run sends it. The
// notification's email is due at once (email_due_at = now), so the same run's flush sends it, under the
// email's own claim (./email.ts).

export type DueStage = "tomorrow" | "today" | "overdue";

const DAY_MS = 86_400_000;
/** Tasks read and claimed per transaction. */
const BATCH = 1_000;
/** An overdue reminder is sent once per due date; a task overdue for longer than this is left alone. */
const OVERDUE_LOOKBACK_DAYS = 7;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date at `now` in `timeZone` (unknown zone: UTC), as midnight UTC of that date. */
export function localDate(now: Date, timeZone: string | null): number {
  const zone = timeZone ?? "UTC";
  let format = formatters.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    } catch {
      return localDate(now, null);
    }
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
}

/** Which reminder a task due on `dueDate` (midnight UTC) calls for at `now` in `timeZone`, if any. */
export function dueStage(dueDate: Date, now: Date, timeZone: string | null): DueStage | null {
  const today = localDate(now, timeZone);
  const due = Date.UTC(dueDate.getUTCFullYear(), dueDate.getUTCMonth(), dueDate.getUTCDate());
  if (due === today + DAY_MS) return "tomorrow";
  if (due === today) return "today";
  if (due < today) return "overdue";
  return null;
}

export type ReminderSummary = { reminders: number; tomorrow: number; today: number; overdue: number };

/** Sends the reminders due at `now`; answers how many it sent. */
export async function sendDueReminders(db: Db, now = new Date()): Promise<ReminderSummary> {
  const summary: ReminderSummary = { reminders: 0, tomorrow: 0, today: 0, overdue: 0 };
  // Every time zone's today lies within a day of UTC's (UTC−12 to UTC+14).
  const utcToday = localDate(now, null);
  const from = new Date(utcToday - (OVERDUE_LOOKBACK_DAYS + 1) * DAY_MS);
  const to = new Date(utcToday + 3 * DAY_MS);
  const recipients = new Set<string>();

  let after = "";
  for (;;) {
    const tasks = await db.task.findMany({
      where: {
        id: { gt: after },
        deletedAt: null,
        status: { notIn: ["DONE", "CANCELLED"] },
        assigneeId: { not: null },
        dueDate: { gte: from, lt: to },
        project: { archivedAt: null },
      },
      select: {
        id: true,
        workspaceId: true,
        dueDate: true,
        assigneeId: true,
        assignee: { select: { timeZone: true } },
      },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    if (tasks.length === 0) break;
    after = tasks[tasks.length - 1]!.id;

    const wanted = tasks.flatMap((t) => {
      const stage = dueStage(t.dueDate!, now, t.assignee?.timeZone ?? null);
      return stage
        ? [{ taskId: t.id, workspaceId: t.workspaceId, userId: t.assigneeId!, dueDate: t.dueDate!, stage }]
        : [];
    });
    if (wanted.length > 0) {
      const sent = await db.$transaction(async (tx) => {
        const claimed = await tx.$queryRaw<{ task_id: string; user_id: string; stage: DueStage }[]>`
          INSERT INTO due_reminders (task_id, user_id, stage, due_date)
          SELECT * FROM unnest(
            ${wanted.map((w) => w.taskId)}::text[],
            ${wanted.map((w) => w.userId)}::text[],
            ${wanted.map((w) => w.stage)}::text[],
            ${wanted.map((w) => w.dueDate.toISOString())}::timestamp(3)[]
          )
          ON CONFLICT DO NOTHING
          RETURNING task_id, user_id, stage`;
        if (claimed.length === 0) return [];
        const workspaceOf = new Map(wanted.map((w) => [w.taskId, w.workspaceId]));
        await notify(
          tx,
          claimed.map((c) => ({
            workspaceId: workspaceOf.get(c.task_id)!,
            taskId: c.task_id,
            actorId: null,
            kind: "DUE" as const,
            recipients: [c.user_id],
            detail: c.stage,
          })),
          now,
          // A reminder is not batched: its email goes out with this run's flush.
          now,
        );
        // A ring for someone not told after all (no longer a member, reminders off) only has their
        // bell count again.
        for (const c of claimed) recipients.add(c.user_id);
        return claimed;
      });
      for (const c of sent) summary[c.stage] += 1;
      summary.reminders += sent.length;
    }
    if (tasks.length < BATCH) break;
  }
  // After commit: the recipients' bells update live.
  await Promise.all([...recipients].map((userId) => doorbell().ring(inboxChannel(userId), 0)));
  return summary;
}
