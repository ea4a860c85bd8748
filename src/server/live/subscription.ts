import { Prisma } from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";
import type { LiveMessage, LiveViewer } from "~/lib/live";
import type { Access } from "~/server/access/access";
import { can } from "~/server/access/permissions";
import { sqlRows, type Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { isClosing, watchProject, type FeedHandle } from "./feed";
import { addViewer } from "./presence";

// One subscriber's stream of a project: from its cursor, every event in order, with presence when it
// changes, until the client goes away, the viewer loses access, or the process shuts down.

/** Membership is checked again at least this often, whatever the events say. */
export const RECHECK_MS = 60_000;
/** A quiet stream carries a ping this often, so proxies keep it open... */
export const LIVE_PING_MS = 10_000;
/** ...and a client that hears nothing for this long reconnects. */
export const LIVE_RECONNECT_AFTER_INACTIVITY_MS = 25_000;

export type FollowOptions = {
  projectId: string;
  access: Access;
  viewer: { userId: string; name: string | null; view: string | null };
  /** The browser session the stream was opened with (null for an API token): rechecked with the role. */
  sessionId: string | null;
  /** The last sequence number the client saw; null for a new stream (starts at the current head). */
  lastEventId: number | null;
  signal: AbortSignal;
};

export type Sent = { id: string; message: LiveMessage };

// Read from the database, not the role cache: the event that says a member left was committed with
// the change, and the cache may not have heard of it yet. A browser session signed out elsewhere
// ends the stream too.
async function assertStillMember(db: Db, { projectId, access, sessionId }: FollowOptions): Promise<void> {
  const [row] = await sqlRows<{ role: Role | null; session: boolean }>(
    db,
    Prisma.sql`SELECT (SELECT m.role FROM memberships m JOIN projects p ON p.workspace_id = m.workspace_id
                       WHERE p.id = ${projectId} AND m.user_id = ${access.userId}) AS role,
                      (${sessionId}::text IS NULL OR EXISTS (SELECT 1 FROM sessions
                        WHERE id = ${sessionId}::text AND user_id = ${access.userId} AND expires > (now() AT TIME ZONE 'UTC'))) AS session`,
    { name: "live-membership" },
  );
  if (!row?.session) throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in to continue.");
  if (!row.role || !can(row.role, "workspace.read")) {
    throw new AppError("FORBIDDEN", "You no longer have access to this project.");
  }
}

const sameViewers = (a: LiveViewer[], b: LiveViewer[]) => JSON.stringify(a) === JSON.stringify(b);

export async function* followProject(db: Db, options: FollowOptions): AsyncGenerator<Sent> {
  const { projectId, viewer, signal } = options;
  const feed: FeedHandle = watchProject(db, projectId);
  const removeViewer = viewer.view
    ? addViewer(projectId, { userId: viewer.userId, name: viewer.name, view: viewer.view })
    : null;
  try {
    if (removeViewer) await feed.announcePresence();
    const head = await feed.head();
    let cursor = options.lastEventId ?? head;
    yield { id: String(cursor), message: { type: "ready", head } };
    let checkedAt = Date.now();
    let presenceSeen = -1;
    let viewers: LiveViewer[] = [];

    while (!signal.aborted) {
      if (isClosing()) throw new AppError("SERVICE_UNAVAILABLE", "The server is restarting; reconnecting.");
      const batch = await feed.since(cursor);
      if (batch.resync) {
        cursor = await feed.head();
        yield { id: String(cursor), message: { type: "resync", head: cursor } };
        continue;
      }
      for (const event of batch.events) {
        if (signal.aborted) return;
        // A membership change may be this viewer's own removal: nothing more is sent until checked.
        if (event.kind.startsWith("member.")) {
          await assertStillMember(db, options);
          checkedAt = Date.now();
        }
        cursor = event.seq;
        yield { id: String(cursor), message: event };
      }
      if (Date.now() - checkedAt >= RECHECK_MS) {
        await assertStillMember(db, options);
        checkedAt = Date.now();
      }
      if (feed.presenceVersion() !== presenceSeen) {
        presenceSeen = feed.presenceVersion();
        const next = await feed.viewers();
        if (!sameViewers(next, viewers)) {
          viewers = next;
          yield { id: String(cursor), message: { type: "presence", viewers } };
        }
      }
      if (batch.events.length === 0) {
        await feed.wait(signal, RECHECK_MS - (Date.now() - checkedAt), { cursor, presence: presenceSeen });
      }
    }
  } finally {
    feed.close();
    if (removeViewer) {
      removeViewer();
      void feed.announcePresence().catch(() => undefined);
    }
  }
}
