import { Prisma } from "~/generated/prisma/client";
import type { NotificationChannel, NotificationKind } from "~/generated/prisma/enums";
import { env } from "~/env.mjs";
import type { Access } from "~/server/access/access";
import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { afterCommit, noteChannelRing } from "~/server/live/events";
import { doorbell } from "~/server/live/doorbell";
import { logger } from "~/server/logger";
import { db as rootDb } from "~/server/db";

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
 * Writes the notifications of a change; call inside the change's transaction. People named in
 * `recipients` are told by one INSERT here, membership and preferences joined by PostgreSQL; followers
 * (`followers: true`) are told by a fan-out recorded here and carried out right after the commit (see
 * NotificationFanout), so the change answers as fast for 1 000 followers as for none. Answers how many
 * people were told directly.
 */
export async function notify(
  tx: Tx,
  inputs: readonly NotifyInput[],
  now = new Date(),
  // When their email is due: after the batching delay, or at once (a reminder goes with this run's flush).
  emailDueAt = new Date(now.getTime() + emailDelayMs()),
): Promise<number> {
  const direct = new Map<string, NotifyInput & { userId: string }>();
  for (const input of inputs) {
    for (const userId of input.recipients) {
      // One notification per person, task, kind and comment, whatever the number of reasons.
      const key = `${userId}|${input.taskId}|${input.kind}|${input.commentId ?? ""}`;
      if (userId !== input.actorId && !direct.has(key)) direct.set(key, { ...input, userId });
    }
  }
  const byFollowers = inputs.filter((input) => input.followers);
  if (byFollowers.length > 0) {
    const fanouts = await tx.notificationFanout.createManyAndReturn({
      data: byFollowers.map((input) => ({
        workspaceId: input.workspaceId,
        taskId: input.taskId,
        actorId: input.actorId,
        kind: input.kind,
        commentId: input.commentId ?? null,
        detail: input.detail ?? null,
        except: [...(input.except ?? [])],
        createdAt: now,
      })),
      select: { id: true },
    });
    const ids = fanouts.map((f) => f.id);
    afterCommit(() => track(runFanouts(rootDb, { ids })));
  }
  if (direct.size === 0) return 0;
  const list = [...direct.values()];
  const of = <T>(pick: (n: NotifyInput & { userId: string }) => T) => list.map(pick);
  const [result] = await tx.$queryRaw<{ told: number; some: string[] | null }[]>`
    WITH inserted AS (
      INSERT INTO notifications
        (id, user_id, workspace_id, task_id, actor_id, kind, comment_id, detail, created_at, email_state, email_due_at)
      SELECT 'n' || replace(gen_random_uuid()::text, '-', ''), r.user_id, r.workspace_id, r.task_id, r.actor_id,
             r.kind::"NotificationKind", r.comment_id, r.detail, ${now},
             CASE WHEN coalesce(p.channel, 'EMAIL') = 'EMAIL' THEN 'PENDING' ELSE 'NONE' END::"EmailState",
             CASE WHEN coalesce(p.channel, 'EMAIL') = 'EMAIL' THEN ${emailDueAt}::timestamp ELSE NULL END
      FROM unnest(
        ${of((n) => n.userId)}::text[], ${of((n) => n.workspaceId)}::text[], ${of((n) => n.taskId)}::text[],
        ${of((n) => n.actorId)}::text[], ${of((n) => n.kind)}::text[], ${of((n) => n.commentId ?? null)}::text[],
        ${of((n) => n.detail ?? null)}::text[]
      ) AS r(user_id, workspace_id, task_id, actor_id, kind, comment_id, detail)
      JOIN memberships m ON m.workspace_id = r.workspace_id AND m.user_id = r.user_id
      LEFT JOIN notification_preferences p ON p.user_id = r.user_id AND p.kind = r.kind::"NotificationKind"
      WHERE coalesce(p.channel, 'EMAIL') <> 'OFF'
      RETURNING user_id
    )
    SELECT (SELECT count(DISTINCT user_id) FROM inserted)::int AS told,
           (SELECT array_agg(u) FROM (SELECT DISTINCT user_id AS u FROM inserted LIMIT ${RING_EACH_UP_TO + 1}) s) AS some`;
  for (const channel of channelsFor(result?.some ?? [])) noteChannelRing(channel);
  return result?.told ?? 0;
}

// The inbox channels to ring for these people: each one's, or one shared ring for a crowd.
function channelsFor(userIds: readonly string[]): string[] {
  return userIds.length > RING_EACH_UP_TO ? [ALL_INBOXES] : userIds.map(inboxChannel);
}

// Fan-outs started by this process and not yet finished (tests wait for them).
const running = new Set<Promise<unknown>>();
function track<T>(work: Promise<T>): Promise<T> {
  running.add(work);
  void work.finally(() => running.delete(work)).catch(() => undefined);
  return work;
}

/** Resolves once every fan-out this process has started has finished. */
export async function fanoutsSettled(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}

/**
 * Carries out fan-outs: the ones given (right after their change committed), or every one older than
 * `olderThan` (the job's backstop for a process that stopped first). One statement claims them by
 * deleting them and writes their notifications: two runs never tell anyone twice, and a run that fails
 * leaves them for the next.
 */
export async function runFanouts(
  db: Db,
  options: { ids?: readonly string[]; olderThan?: Date },
  now = new Date(),
): Promise<{ fanouts: number; told: number }> {
  const emailDueAt = new Date(now.getTime() + emailDelayMs());
  const claim = options.ids
    ? Prisma.sql`DELETE FROM notification_fanouts WHERE id = ANY(${[...options.ids]}::text[]) RETURNING *`
    : Prisma.sql`DELETE FROM notification_fanouts WHERE id IN (
        SELECT id FROM notification_fanouts WHERE created_at < ${options.olderThan ?? now}
        ORDER BY created_at LIMIT 500 FOR UPDATE SKIP LOCKED) RETURNING *`;
  try {
    const [result] = await db.$queryRaw<{ fanouts: number; told: number; some: string[] | null }[]>`
      WITH claimed AS (${claim}),
      wanted AS (
        SELECT DISTINCT ON (f.user_id, c.task_id, c.kind, c.comment_id)
               f.user_id, c.workspace_id, c.task_id, c.actor_id, c.kind, c.comment_id, c.detail
        FROM claimed c
        JOIN task_followers f ON f.task_id = c.task_id
        WHERE f.user_id IS DISTINCT FROM c.actor_id AND f.user_id <> ALL(c.except)
      ),
      inserted AS (
        INSERT INTO notifications
          (id, user_id, workspace_id, task_id, actor_id, kind, comment_id, detail, created_at, email_state, email_due_at)
        SELECT 'n' || replace(gen_random_uuid()::text, '-', ''), r.user_id, r.workspace_id, r.task_id, r.actor_id,
               r.kind, r.comment_id, r.detail, ${now},
               CASE WHEN coalesce(p.channel, 'EMAIL') = 'EMAIL' THEN 'PENDING' ELSE 'NONE' END::"EmailState",
               CASE WHEN coalesce(p.channel, 'EMAIL') = 'EMAIL' THEN ${emailDueAt}::timestamp ELSE NULL END
        FROM wanted r
        JOIN memberships m ON m.workspace_id = r.workspace_id AND m.user_id = r.user_id
        LEFT JOIN notification_preferences p ON p.user_id = r.user_id AND p.kind = r.kind
        WHERE coalesce(p.channel, 'EMAIL') <> 'OFF'
        RETURNING user_id
      )
      SELECT (SELECT count(*) FROM claimed)::int AS fanouts,
             (SELECT count(DISTINCT user_id) FROM inserted)::int AS told,
             (SELECT array_agg(u) FROM (SELECT DISTINCT user_id AS u FROM inserted LIMIT ${RING_EACH_UP_TO + 1}) s) AS some`;
    await Promise.all(channelsFor(result?.some ?? []).map((channel) => doorbell().ring(channel, 0)));
    return { fanouts: result?.fanouts ?? 0, told: result?.told ?? 0 };
  } catch (error) {
    logger.error({ err: error }, "notifications to followers not written; the notifications job retries");
    return { fanouts: 0, told: 0 };
  }
}

/** Makes these people follow the task (already following: nothing changes). One INSERT. */
export async function follow(tx: Tx | Db, taskId: string, userIds: Iterable<string | null | undefined>) {
  const data = [...new Set([...userIds].filter((id): id is string => !!id))].map((userId) => ({ taskId, userId }));
  if (data.length > 0) await tx.taskFollower.createMany({ data, skipDuplicates: true });
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
export async function withContext<T extends Pick<NotificationRow, "workspaceId" | "taskId" | "actorId">>(
  db: Db | Tx,
  rows: readonly T[],
) {
  const ids = (pick: (row: T) => string | null) => [...new Set(rows.map(pick).filter((id): id is string => !!id))];
  // One after another: inside a transaction (the email batches) there is one connection.
  const tasks = await db.task.findMany({
    where: { id: { in: ids((r) => r.taskId) } },
    select: { id: true, number: true, title: true, deletedAt: true, dueDate: true, project: { select: { key: true } } },
  });
  const workspaces = await db.workspace.findMany({
    where: { id: { in: ids((r) => r.workspaceId) } },
    select: { id: true, slug: true, name: true },
  });
  const actors = await db.user.findMany({
    where: { id: { in: ids((r) => r.actorId) } },
    select: { id: true, name: true, email: true },
  });
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
