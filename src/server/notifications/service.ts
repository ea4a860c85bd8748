import type { Prisma } from "~/generated/prisma/client";
import type { NotificationChannel, NotificationKind } from "~/generated/prisma/enums";
import { env } from "~/env.mjs";
import type { Access } from "~/server/access/access";
import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { noteChannelRing } from "~/server/live/events";

type Tx = Prisma.TransactionClient;

// Who hears about what. A change calls `notify` inside its own transaction, with everyone who might
// care; it drops the person who made the change and anyone not (or no longer) in the workspace,
// applies each person's preferences, and writes every row in one INSERT. Each recipient's inbox
// channel is rung once the change has committed, so their bell updates live.

export const NOTIFICATION_KINDS = ["ASSIGNED", "MENTIONED", "COMMENTED", "STATUS_CHANGED", "DUE"] as const;
export const DEFAULT_CHANNEL: NotificationChannel = "EMAIL";

/** The doorbell channel of one person's inbox. */
export const inboxChannel = (userId: string) => `u_${userId}`;

export type NotifyInput = {
  workspaceId: string;
  taskId: string;
  actorId: string | null;
  kind: NotificationKind;
  recipients: Iterable<string>;
  commentId?: string | null;
  detail?: string | null;
};

/** Minutes an email waits for more of the same kind, so that a burst of changes sends one email. */
export function emailDelayMs(): number {
  return env.NOTIFICATION_EMAIL_DELAY_MINUTES * 60_000;
}

/**
 * Writes the notifications; answers whom they went to. Call inside the change's transaction.
 * One query for memberships, one for preferences and one INSERT, however many recipients.
 */
export async function notify(tx: Tx, inputs: readonly NotifyInput[], now = new Date()): Promise<Set<string>> {
  const wanted = new Map<string, NotifyInput & { userId: string }>();
  for (const input of inputs) {
    for (const userId of input.recipients) {
      if (userId === input.actorId) continue;
      // One notification per person, task, kind and comment, whatever the number of reasons.
      const key = `${userId}|${input.taskId}|${input.kind}|${input.commentId ?? ""}`;
      if (!wanted.has(key)) wanted.set(key, { ...input, userId });
    }
  }
  if (wanted.size === 0) return new Set();
  const workspaces = [...new Set([...wanted.values()].map((w) => w.workspaceId))];
  const userIds = [...new Set([...wanted.values()].map((w) => w.userId))];
  const [members, preferences] = await Promise.all([
    tx.membership.findMany({
      where: { workspaceId: { in: workspaces }, userId: { in: userIds } },
      select: { workspaceId: true, userId: true },
    }),
    tx.notificationPreference.findMany({
      where: { userId: { in: userIds } },
      select: { userId: true, kind: true, channel: true },
    }),
  ]);
  const isMember = new Set(members.map((m) => `${m.workspaceId}|${m.userId}`));
  const channel = new Map(preferences.map((p) => [`${p.userId}|${p.kind}`, p.channel]));
  const emailDueAt = new Date(now.getTime() + emailDelayMs());
  const rows: Prisma.NotificationCreateManyInput[] = [];
  for (const n of wanted.values()) {
    if (!isMember.has(`${n.workspaceId}|${n.userId}`)) continue;
    const how = channel.get(`${n.userId}|${n.kind}`) ?? DEFAULT_CHANNEL;
    if (how === "OFF") continue;
    rows.push({
      userId: n.userId,
      workspaceId: n.workspaceId,
      taskId: n.taskId,
      actorId: n.actorId,
      kind: n.kind,
      commentId: n.commentId ?? null,
      detail: n.detail ?? null,
      createdAt: now,
      emailState: how === "EMAIL" ? "PENDING" : "NONE",
      emailDueAt: how === "EMAIL" ? emailDueAt : null,
    });
  }
  if (rows.length === 0) return new Set();
  await tx.notification.createMany({ data: rows });
  const notified = new Set(rows.map((r) => r.userId));
  for (const userId of notified) noteChannelRing(inboxChannel(userId));
  return notified;
}

/** Makes these people follow the task (already following: nothing changes). One INSERT. */
export async function follow(tx: Tx | Db, taskId: string, userIds: Iterable<string | null | undefined>) {
  const data = [...new Set([...userIds].filter((id): id is string => !!id))].map((userId) => ({ taskId, userId }));
  if (data.length > 0) await tx.taskFollower.createMany({ data, skipDuplicates: true });
}

export async function followerIds(tx: Tx | Db, taskId: string): Promise<string[]> {
  const rows = await tx.taskFollower.findMany({ where: { taskId }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

// ——— The inbox ———

const NOTIFICATION_SELECT = {
  id: true,
  kind: true,
  detail: true,
  commentId: true,
  createdAt: true,
  readAt: true,
  archivedAt: true,
  actor: { select: { id: true, name: true, email: true } },
  workspace: { select: { id: true, slug: true, name: true } },
  task: {
    select: { id: true, number: true, title: true, deletedAt: true, project: { select: { id: true, key: true } } },
  },
} as const;

export type InboxFilter = "unread" | "all" | "archived";

export async function listNotifications(
  db: Db,
  userId: string,
  options: { filter: InboxFilter; limit: number; cursor?: string | null },
) {
  const where: Prisma.NotificationWhereInput = {
    userId,
    ...(options.filter === "archived" ? { archivedAt: { not: null } } : { archivedAt: null }),
    ...(options.filter === "unread" ? { readAt: null } : {}),
  };
  const rows = await db.notification.findMany({
    where,
    select: NOTIFICATION_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
  });
  const more = rows.length > options.limit;
  const items = (more ? rows.slice(0, options.limit) : rows).map((n) => ({
    id: n.id,
    kind: n.kind,
    detail: n.detail,
    commentId: n.commentId,
    createdAt: n.createdAt,
    readAt: n.readAt,
    archivedAt: n.archivedAt,
    actor: n.actor,
    workspace: n.workspace,
    task: n.task
      ? {
          id: n.task.id,
          ref: `${n.task.project.key}-${n.task.number}`,
          title: n.task.title,
          inTrash: n.task.deletedAt !== null,
          url: `/w/${n.workspace.slug}/t/${n.task.project.key}-${n.task.number}`,
        }
      : null,
  }));
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null, archivedAt: null } });
}

type Selection = { ids: string[] } | { all: true } | { taskId: string };

function selectionWhere(userId: string, selection: Selection): Prisma.NotificationWhereInput {
  if ("all" in selection) return { userId, archivedAt: null };
  if ("taskId" in selection) return { userId, taskId: selection.taskId };
  return { userId, id: { in: selection.ids } };
}

/** Marks notifications read (or unread); answers the unread count after. Only the person's own rows. */
export async function markRead(db: Db, userId: string, selection: Selection, read: boolean) {
  await db.notification.updateMany({
    where: { ...selectionWhere(userId, selection), ...(read ? { readAt: null } : { readAt: { not: null } }) },
    data: { readAt: read ? new Date() : null },
  });
  noteChannelRing(inboxChannel(userId));
  return { unread: await unreadCount(db, userId) };
}

export async function archive(db: Db, userId: string, selection: Selection, archived: boolean) {
  await db.notification.updateMany({
    where: selectionWhere(userId, selection),
    data: archived ? { archivedAt: new Date(), readAt: new Date() } : { archivedAt: null },
  });
  noteChannelRing(inboxChannel(userId));
  return { unread: await unreadCount(db, userId) };
}

// ——— Preferences ———

export async function preferences(db: Db, userId: string) {
  const [rows, user] = await Promise.all([
    db.notificationPreference.findMany({ where: { userId }, select: { kind: true, channel: true } }),
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { timeZone: true } }),
  ]);
  const set = new Map(rows.map((r) => [r.kind, r.channel]));
  return {
    channels: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, set.get(k) ?? DEFAULT_CHANNEL])) as Record<
      NotificationKind,
      NotificationChannel
    >,
    timeZone: user.timeZone,
  };
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export async function setPreferences(
  db: Db,
  userId: string,
  input: { channels?: Partial<Record<NotificationKind, NotificationChannel>>; timeZone?: string | null },
) {
  if (input.timeZone && !isTimeZone(input.timeZone)) {
    throw new AppError("BAD_REQUEST", `${input.timeZone} is not a time zone (e.g. Europe/Berlin).`);
  }
  await db.$transaction(async (tx) => {
    for (const [kind, channel] of Object.entries(input.channels ?? {}) as [NotificationKind, NotificationChannel][]) {
      await tx.notificationPreference.upsert({
        where: { userId_kind: { userId, kind } },
        create: { userId, kind, channel },
        update: { channel },
      });
    }
    if (input.timeZone !== undefined)
      await tx.user.update({ where: { id: userId }, data: { timeZone: input.timeZone } });
  });
  return preferences(db, userId);
}

/** The browser's guess, kept only when the person has none yet. */
export async function guessTimeZone(db: Db, userId: string, timeZone: string) {
  if (!isTimeZone(timeZone)) throw new AppError("BAD_REQUEST", `${timeZone} is not a time zone.`);
  await db.user.updateMany({ where: { id: userId, timeZone: null }, data: { timeZone } });
  return preferences(db, userId);
}

// ——— Following by hand ———

export async function setFollowing(db: Db, access: Access, taskId: string, following: boolean) {
  if (following) await follow(db, taskId, [access.userId]);
  else await db.taskFollower.deleteMany({ where: { taskId, userId: access.userId } });
  return { following };
}

export async function isFollowing(db: Db, access: Access, taskId: string) {
  const row = await db.taskFollower.findUnique({ where: { taskId_userId: { taskId, userId: access.userId } } });
  return { following: row !== null };
}
