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
  /** These people; and with `followers`, everyone following the task (read by the INSERT itself). */
  recipients: Iterable<string>;
  followers?: boolean;
  /** People not to tell even if they follow the task (those mentioned get a mention instead). */
  except?: Iterable<string>;
  commentId?: string | null;
  detail?: string | null;
};

/** Above this many recipients, one shared ring wakes every open inbox instead of one ring per person. */
export const RING_EACH_UP_TO = 50;
/** The doorbell channel every inbox stream also listens on. */
export const ALL_INBOXES = "inbox_all";

/** Minutes an email waits for more of the same kind, so that a burst of changes sends one email. */
export function emailDelayMs(): number {
  return env.NOTIFICATION_EMAIL_DELAY_MINUTES * 60_000;
}

/**
 * Writes the notifications; answers to how many people. Call inside the change's transaction. One statement,
 * however many recipients: the rows go to PostgreSQL as arrays, followers are read by the statement
 * itself, and membership and preferences are joined there — 1 000 followers cost one round trip.
 */
export async function notify(tx: Tx, inputs: readonly NotifyInput[], now = new Date()): Promise<number> {
  const direct = new Map<string, NotifyInput & { userId: string }>();
  const byFollowers: NotifyInput[] = [];
  const except: string[] = [];
  for (const input of inputs) {
    for (const userId of input.recipients) {
      // One notification per person, task, kind and comment, whatever the number of reasons.
      const key = `${userId}|${input.taskId}|${input.kind}|${input.commentId ?? ""}`;
      if (userId !== input.actorId && !direct.has(key)) direct.set(key, { ...input, userId });
    }
    if (input.followers) {
      byFollowers.push(input);
      for (const userId of input.except ?? []) except.push(`${input.taskId}|${userId}`);
    }
  }
  if (direct.size === 0 && byFollowers.length === 0) return 0;
  const list = [...direct.values()];
  const emailDueAt = new Date(now.getTime() + emailDelayMs());
  const of = <I, T>(items: I[], pick: (item: I) => T) => items.map(pick);
  // One row back, whatever the fan-out: how many were told, and who when they are few enough to ring each.
  const [result] = await tx.$queryRaw<{ told: number; some: string[] | null }[]>`
    WITH wanted AS (
      SELECT * FROM unnest(
        ${of(list, (n) => n.userId)}::text[], ${of(list, (n) => n.workspaceId)}::text[],
        ${of(list, (n) => n.taskId)}::text[], ${of(list, (n) => n.actorId)}::text[],
        ${of(list, (n) => n.kind)}::text[], ${of(list, (n) => n.commentId ?? null)}::text[],
        ${of(list, (n) => n.detail ?? null)}::text[]
      ) AS d(user_id, workspace_id, task_id, actor_id, kind, comment_id, detail)
      UNION ALL
      SELECT f.user_id, x.workspace_id, x.task_id, x.actor_id, x.kind, x.comment_id, x.detail
      FROM unnest(
        ${of(byFollowers, (n) => n.workspaceId)}::text[], ${of(byFollowers, (n) => n.taskId)}::text[],
        ${of(byFollowers, (n) => n.actorId)}::text[], ${of(byFollowers, (n) => n.kind)}::text[],
        ${of(byFollowers, (n) => n.commentId ?? null)}::text[], ${of(byFollowers, (n) => n.detail ?? null)}::text[]
      ) AS x(workspace_id, task_id, actor_id, kind, comment_id, detail)
      JOIN task_followers f ON f.task_id = x.task_id
      WHERE f.user_id IS DISTINCT FROM x.actor_id AND (x.task_id || '|' || f.user_id) <> ALL(${except}::text[])
    ),
    distinct_wanted AS (
      SELECT DISTINCT ON (user_id, task_id, kind, comment_id) * FROM wanted
    ),
    inserted AS (
      INSERT INTO notifications
        (id, user_id, workspace_id, task_id, actor_id, kind, comment_id, detail, created_at, email_state, email_due_at)
    SELECT 'n' || replace(gen_random_uuid()::text, '-', ''), r.user_id, r.workspace_id, r.task_id, r.actor_id,
           r.kind::"NotificationKind", r.comment_id, r.detail, ${now},
           CASE WHEN coalesce(p.channel, 'EMAIL') = 'EMAIL' THEN 'PENDING' ELSE 'NONE' END::"EmailState",
           CASE WHEN coalesce(p.channel, 'EMAIL') = 'EMAIL' THEN ${emailDueAt}::timestamp ELSE NULL END
    FROM distinct_wanted r
    JOIN memberships m ON m.workspace_id = r.workspace_id AND m.user_id = r.user_id
    LEFT JOIN notification_preferences p ON p.user_id = r.user_id AND p.kind = r.kind::"NotificationKind"
    WHERE coalesce(p.channel, 'EMAIL') <> 'OFF'
      RETURNING user_id
    )
    SELECT (SELECT count(DISTINCT user_id) FROM inserted)::int AS told,
           (SELECT array_agg(u) FROM (SELECT DISTINCT user_id AS u FROM inserted LIMIT ${RING_EACH_UP_TO + 1}) s) AS some`;
  const told = result?.told ?? 0;
  const some = result?.some ?? [];
  if (some.length > RING_EACH_UP_TO) noteChannelRing(ALL_INBOXES);
  else for (const userId of some) noteChannelRing(inboxChannel(userId));
  return told;
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
  workspaceId: true,
  taskId: true,
  actorId: true,
} as const;

type NotificationRow = {
  id: string;
  kind: NotificationKind;
  detail: string | null;
  commentId: string | null;
  createdAt: Date;
  readAt: Date | null;
  archivedAt: Date | null;
  workspaceId: string;
  taskId: string | null;
  actorId: string | null;
};

/**
 * Notifications with what they are about: the task (its reference, title and URL), the workspace and
 * the person who acted, read in three queries for any number of rows (the row holds only their ids).
 */
export async function withContext<T extends NotificationRow>(db: Db | Tx, rows: readonly T[]) {
  const ids = (pick: (row: T) => string | null) => [...new Set(rows.map(pick).filter((id): id is string => !!id))];
  const [tasks, workspaces, actors] = await Promise.all([
    db.task.findMany({
      where: { id: { in: ids((r) => r.taskId) } },
      select: {
        id: true,
        number: true,
        title: true,
        deletedAt: true,
        dueDate: true,
        project: { select: { key: true } },
      },
    }),
    db.workspace.findMany({
      where: { id: { in: ids((r) => r.workspaceId) } },
      select: { id: true, slug: true, name: true },
    }),
    db.user.findMany({ where: { id: { in: ids((r) => r.actorId) } }, select: { id: true, name: true, email: true } }),
  ]);
  const taskOf = new Map(tasks.map((t) => [t.id, t]));
  const workspaceOf = new Map(workspaces.map((w) => [w.id, w]));
  const actorOf = new Map(actors.map((a) => [a.id, a]));
  return rows.flatMap((row) => {
    const workspace = workspaceOf.get(row.workspaceId);
    if (!workspace) return [];
    const task = row.taskId ? taskOf.get(row.taskId) : undefined;
    return [
      {
        ...row,
        actor: (row.actorId && actorOf.get(row.actorId)) || null,
        workspace,
        task: task
          ? {
              id: task.id,
              ref: `${task.project.key}-${task.number}`,
              title: task.title,
              dueDate: task.dueDate,
              inTrash: task.deletedAt !== null,
              url: `/w/${workspace.slug}/t/${task.project.key}-${task.number}`,
            }
          : null,
      },
    ];
  });
}

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
  const page = more ? rows.slice(0, options.limit) : rows;
  const items = (await withContext(db, page)).map((n) => ({
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
      ? { id: n.task.id, ref: n.task.ref, title: n.task.title, inTrash: n.task.inTrash, url: n.task.url }
      : null,
  }));
  return { items, nextCursor: more ? page[page.length - 1]!.id : null };
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
