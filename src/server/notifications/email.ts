import type { NotificationKind } from "~/generated/prisma/enums";
import { env } from "~/env.mjs";
import { mentionsAsText } from "~/lib/mentions";
import { formatDate, statusLabel } from "~/lib/task-meta";
import type { Db } from "~/server/db";
import { logger } from "~/server/logger";
import { sendMail, type Mail } from "~/server/mail/mailer";
import { escapeHtml as escape } from "~/server/mail/templates";
import { withContext } from "./service";
import { createUnsubscribeToken, deleteUnsubscribeToken, KIND_NAMES, unsubscribeUrl } from "./unsubscribe";

// Notification email, in batches. `notify` writes a row PENDING with email_due_at = now + the delay
// (NOTIFICATION_EMAIL_DELAY_MINUTES). A person's notifications of one kind form one batch, due once
// its earliest row is due; every cron run then sends each due batch as one email with all of that
// person's PENDING rows of that kind, so ten changes within the delay make one email.
//
// Exactly once. A batch is claimed by one UPDATE that turns its rows from PENDING to SENT, in a
// transaction that commits before the email is sent. Two overlapping runs both try the UPDATE; the
// second one waits for the first's row locks, re-checks `email_state = 'PENDING'`, finds nothing and
// sends nothing. If sending throws (SMTP down, refused), the rows go back to PENDING and the next run
// sends them. A run that dies after sending does not resend: the rows are already SENT. The price:
// a run that dies between the commit and the send (a crash or a timeout in that moment) loses that one
// email; the notifications stay in the inbox. We prefer that to ever sending the same email twice.
// (One case no client can tell apart: an SMTP server that took the message but whose answer never
// arrived looks like a failure, and that email goes again with the next run.)
//
// Only people with a confirmed email address get notification email: an address nobody has proven
// theirs should not receive a workspace's task titles and comments. Their batches are kept in the
// inbox only (email_state NONE), so they do not come back every run.

const MAX_BATCHES_PER_RUN = 2_000;
/** A run stops claiming batches after this long; the rest are sent by the next run. */
const RUN_BUDGET_MS = 240_000;
/** Consecutive failed sends after which a run stops (the SMTP server is likely down). */
const MAX_CONSECUTIVE_FAILURES = 3;
const EXCERPT_CHARS = 200;
/** Emails in flight at once. */
const SENDERS = 4;

export type FlushSummary = { emails: number; notifications: number; failed: number; unverified: number };

function appUrl(): string | null {
  if (env.APP_URL) return env.APP_URL.replace(/\/$/, "");
  return env.NODE_ENV === "production" ? null : "http://localhost:3000";
}

/** Sends every batch that is due; answers what it did. */
export async function flushNotificationEmails(
  db: Db,
  now = new Date(),
  options: { budgetMs?: number } = {},
): Promise<FlushSummary> {
  const summary: FlushSummary = { emails: 0, notifications: 0, failed: 0, unverified: 0 };
  const base = appUrl();
  if (!base) {
    // Left PENDING: they go out once APP_URL is set.
    logger.error("notification email not sent: APP_URL is not set (email links need the app's public URL)");
    return summary;
  }
  const started = Date.now();
  const budget = options.budgetMs ?? RUN_BUDGET_MS;

  const batches = await db.notification.groupBy({
    by: ["userId", "kind"],
    where: { emailState: "PENDING" },
    having: { emailDueAt: { _min: { lte: now } } },
    orderBy: { _min: { emailDueAt: "asc" } },
    take: MAX_BATCHES_PER_RUN,
  });
  if (batches.length === 0) return summary;

  const people = await db.user.findMany({
    where: { id: { in: [...new Set(batches.map((b) => b.userId))] } },
    select: { id: true, email: true, name: true, emailVerified: true, timeZone: true },
  });
  const byId = new Map(people.map((p) => [p.id, p]));
  const unverified = people.filter((p) => !p.emailVerified).map((p) => p.id);
  if (unverified.length > 0) {
    const kept = await db.notification.updateMany({
      where: { userId: { in: unverified }, emailState: "PENDING" },
      data: { emailState: "NONE", emailDueAt: null },
    });
    summary.unverified = kept.count;
  }

  // A few emails at a time: each waits on the SMTP server, not on this process.
  const queue = batches.filter((b) => byId.get(b.userId)?.emailVerified);
  let failures = 0;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (Date.now() - started > budget || failures >= MAX_CONSECUTIVE_FAILURES) return;
      const { userId, kind } = next;
      const claim = await claimBatch(db, userId, kind, now);
      if (!claim) continue; // another run took it
      const mail = batchMail(byId.get(userId)!, kind, claim.rows, base, claim.token);
      if (!mail) continue; // every row was about a task gone to the trash or a workspace left
      try {
        await sendMail(mail);
        summary.emails += 1;
        summary.notifications += claim.rows.length;
        failures = 0;
      } catch (error) {
        failures += 1;
        summary.failed += 1;
        logger.error({ err: error, userId, kind }, "notification email failed; it is retried by the next run");
        await releaseBatch(db, claim.ids, claim.token).catch((err: unknown) =>
          logger.error({ err, userId, kind }, "could not put a failed notification email back; it is lost"),
        );
      }
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, worker));
  return summary;
}

/** One notification in an email, with what it is about. */
export type Row = {
  kind: NotificationKind;
  detail: string | null;
  createdAt: Date;
  actor: { name: string | null; email: string } | null;
  workspace: { slug: string; name: string };
  task: { id: string; ref: string; title: string; dueDate: Date | null; url: string };
  /** The text of the comment it is about. */
  comment: string | null;
};

const indexById = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
const idsOf = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))];

async function claimBatch(db: Db, userId: string, kind: NotificationKind, now: Date) {
  return db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<
      {
        id: string;
        workspace_id: string;
        task_id: string | null;
        actor_id: string | null;
        comment_id: string | null;
        detail: string | null;
        created_at: Date;
      }[]
    >`
      UPDATE notifications SET email_state = 'SENT', email_sent_at = ${now.toISOString()}::timestamp(3)
      WHERE user_id = ${userId} AND kind = ${kind}::"NotificationKind" AND email_state = 'PENDING'
      RETURNING id, workspace_id, task_id, actor_id, comment_id, detail, created_at`;
    if (claimed.length === 0) return null;
    const ids = claimed.map((c) => c.id);
    // What they are about (one after another: a transaction has one connection).
    const about = await withContext(
      tx,
      claimed.map((c) => ({ ...c, workspaceId: c.workspace_id, taskId: c.task_id, actorId: c.actor_id })),
    );
    // Only workspaces the person is still in: someone who left hears nothing more of it.
    const memberOf = new Set(
      (
        await tx.membership.findMany({
          where: { userId, workspaceId: { in: idsOf(claimed.map((c) => c.workspace_id)) } },
          select: { workspaceId: true },
        })
      ).map((m) => m.workspaceId),
    );
    const commentIds = idsOf(claimed.map((c) => c.comment_id));
    const comments = indexById(
      commentIds.length > 0
        ? await tx.comment.findMany({ where: { id: { in: commentIds } }, select: { id: true, body: true } })
        : [],
    );
    const token = await createUnsubscribeToken(tx, userId, kind);
    // A task in the trash (or purged) is not worth an email.
    const rows: Row[] = about
      .sort((x, y) => x.created_at.getTime() - y.created_at.getTime() || x.id.localeCompare(y.id))
      .flatMap((c) => {
        if (!c.task || c.task.inTrash || !memberOf.has(c.workspaceId)) return [];
        return [
          {
            kind,
            detail: c.detail,
            createdAt: c.created_at,
            actor: c.actor,
            workspace: c.workspace,
            task: c.task,
            comment: (c.comment_id && comments.get(c.comment_id)?.body) || null,
          },
        ];
      });
    return { ids, token, rows };
  });
}

async function releaseBatch(db: Db, ids: string[], token: string) {
  await db.$transaction([
    db.notification.updateMany({
      where: { id: { in: ids }, emailState: "SENT" },
      data: { emailState: "PENDING", emailSentAt: null },
    }),
    deleteUnsubscribeToken(db, token),
  ]);
}

// ——— The email ———

type Person = { email: string; name: string | null; timeZone: string | null };

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** A comment as a line of plain text: mentions as @Name, whitespace collapsed, cut to a few words. */
function excerpt(body: string): string {
  return clip(oneLine(mentionsAsText(body)), EXCERPT_CHARS);
}

function formatWhen(date: Date, timeZone: string | null): string {
  const options: Intl.DateTimeFormatOptions = {
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  };
  try {
    return new Intl.DateTimeFormat("en", { ...options, timeZone: timeZone ?? "UTC" }).format(date);
  } catch {
    return new Intl.DateTimeFormat("en", { ...options, timeZone: "UTC" }).format(date);
  }
}

const taskName = (row: Row) => oneLine(`${row.task.ref} ${row.task.title}`);
const actorName = (row: Row) => (row.actor ? oneLine(row.actor.name?.trim() || row.actor.email) : "Someone");

/** What happened, as a sentence naming the task (the subject of a one-notification email). */
const sentence = (row: Row) => whatHappened(row, taskName(row));

/** What happened, under the task's heading in the email. */
const line = (row: Row) => whatHappened(row, null);

function whatHappened(row: Row, task: string | null): string {
  const who = actorName(row);
  switch (row.kind) {
    case "ASSIGNED":
      return task ? `${who} assigned you ${task}` : `${who} assigned it to you`;
    case "MENTIONED":
      return task ? `${who} mentioned you on ${task}` : `${who} mentioned you`;
    case "COMMENTED":
      return task ? `${who} commented on ${task}` : `${who} commented`;
    case "STATUS_CHANGED": {
      const it = task ?? "it";
      return row.detail
        ? `${who} moved ${it} to ${statusLabel(row.detail as Parameters<typeof statusLabel>[0])}`
        : `${who} changed the status of ${it}`;
    }
    case "DUE": {
      const it = task ? `${task} is` : "It is";
      if (row.detail === "tomorrow") return `${it} due tomorrow`;
      if (row.detail === "today") return `${it} due today`;
      const due = row.task.dueDate;
      return due ? `${it} overdue (due ${formatDate(due)})` : `${it} overdue`;
    }
  }
}

function subjectOf(kind: NotificationKind, rows: Row[]): string {
  const tasks = new Set(rows.map((r) => r.task.id));
  let subject: string;
  if (rows.length === 1) subject = sentence(rows[0]!);
  else if (tasks.size === 1) subject = `${rows.length} updates on ${taskName(rows[0]!)}`;
  else if (kind === "DUE") subject = `${tasks.size} tasks due soon or overdue`;
  else subject = `${rows.length} updates on ${tasks.size} tasks`;
  // A header is one line, whatever the titles hold.
  return clip(oneLine(subject), 180);
}

/** One email for a batch, or null when nothing in it is still worth sending. */
export function batchMail(
  person: Person,
  kind: NotificationKind,
  rows: Row[],
  base: string,
  token: string,
): Mail | null {
  if (rows.length === 0) return null;
  const byTask = new Map<string, Row[]>();
  for (const row of rows) byTask.set(row.task.id, [...(byTask.get(row.task.id) ?? []), row]);

  const unsubscribe = unsubscribeUrl(base, token);
  const inbox = `${base}/inbox`;
  const settings = `${base}/account#notifications`;
  const stop = `Stop emails about ${KIND_NAMES[kind]}`;

  const text: string[] = [];
  const html: string[] = [];
  for (const list of byTask.values()) {
    const first = list[0]!;
    const url = `${base}${first.task.url}`;
    text.push(`${taskName(first)} (${oneLine(first.workspace.name)})\n${url}`);
    html.push(
      `<h2 style="font-size:16px;margin:24px 0 8px"><a href="${escape(url)}">${escape(taskName(first))}</a> <span style="color:#71717a;font-weight:normal">${escape(oneLine(first.workspace.name))}</span></h2><ul style="padding-left:20px;margin:0">`,
    );
    for (const row of list) {
      const when = formatWhen(row.createdAt, person.timeZone);
      const quote = row.comment ? excerpt(row.comment) : "";
      text.push(`- ${line(row)} · ${when}${quote ? `\n  “${quote}”` : ""}`);
      html.push(
        `<li style="margin:4px 0">${escape(line(row))} <span style="color:#71717a">· ${escape(when)}</span>${quote ? `<br><q style="color:#3f3f46">${escape(quote)}</q>` : ""}</li>`,
      );
    }
    text.push("");
    html.push("</ul>");
  }
  text.push(
    `Your inbox: ${inbox}`,
    `Notification settings: ${settings}`,
    `${stop} (one click, no sign-in): ${unsubscribe}`,
  );
  html.push(
    `<p style="margin-top:24px"><a href="${escape(inbox)}">Open your inbox</a></p>`,
    `<p style="color:#71717a;font-size:12px">You get this email because of your <a href="${escape(settings)}">notification settings</a>. <a href="${escape(unsubscribe)}">${escape(stop)}</a>.</p>`,
  );

  return {
    to: person.email,
    subject: subjectOf(kind, rows),
    text: `${text.join("\n")}\n`,
    html: `<div style="font-family:system-ui,sans-serif;font-size:14px;line-height:1.5;color:#18181b">${html.join("")}</div>`,
    headers: {
      // RFC 2369 and RFC 8058: mail clients show an Unsubscribe button that POSTs to this URL.
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
