import { Prisma } from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";
import { membershipsColumn, membershipsFrom, type Memberships } from "~/server/access/memberships";
import { sqlRows, type Db } from "~/server/db";
import { AppError } from "~/server/errors";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// The original design's 7-day refresh token: a session ends after 7 days without use...
export const SESSION_IDLE_MS = 7 * DAY;
// ...and 30 days after sign-in however busy it is, so a stolen cookie cannot be kept alive forever.
export const SESSION_ABSOLUTE_MS = 30 * DAY;
// The original design's 15-minute access token: a session in use is extended, and its cookie
// re-issued, at most this often. Revocation does not wait for it: every request reads the row.
export const SESSION_ROTATE_MS = 15 * MINUTE;

/** What the session cookie carries: the session row, its user, and the user's session version. */
export type SessionClaims = { sid: string; sub: string; sv: number };

export type SessionUser = { id: string; email: string; name: string | null };

/** The caller of a request: who, and with which credential (a browser session or an API token). */
export type Session = {
  user: SessionUser;
  via: "session" | "token";
  sessionId: string | null;
  /** The caller's roles, read with the credential; absent or null, authorize() looks each one up. */
  memberships?: Memberships | null;
};

export type LiveSession = {
  user: SessionUser;
  /** The user's memberships, read in the same statement (null when too many to carry). */
  memberships: Memberships | null;
  expires: Date;
  /** True when this check extended the session, so the caller should re-issue the cookie. */
  rotated: boolean;
};

function sessionEnd(createdAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_ABSOLUTE_MS));
}

// A new row (and so a new id) at every sign-in; the user's stale rows are cleared on the way.
export async function createSession(
  db: Db,
  userId: string,
  meta: { userAgent?: string | null; ip?: string | null },
): Promise<{ id: string; expires: Date }> {
  const now = new Date();
  await db.session.deleteMany({ where: { userId, expires: { lte: now } } });
  return db.session.create({
    data: {
      userId,
      createdAt: now,
      lastSeenAt: now,
      expires: sessionEnd(now, now),
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip?.slice(0, 64) ?? null,
    },
    select: { id: true, expires: true },
  });
}

// The user behind a session cookie, or null when the row is gone or expired, belongs to someone
// else, or was minted under an older session version (the password changed since). With `touch`,
// a session last extended more than SESSION_ROTATE_MS ago is extended; one statement wins when
// several requests race, so only one of them re-issues the cookie.
export async function checkSession(
  db: Db,
  claims: SessionClaims,
  options: { touch: boolean },
  now = new Date(),
): Promise<LiveSession | null> {
  const [row] = await sqlRows<{
    expires: Date;
    created_at: Date;
    last_seen_at: Date;
    user_id: string;
    email: string;
    name: string | null;
    session_version: number;
    memberships: [string, Role][] | null;
  }>(
    db,
    Prisma.sql`SELECT s.expires, s.created_at, s.last_seen_at, u.id AS user_id, u.email, u.name, u.session_version,
      ${membershipsColumn(Prisma.raw("u.id"))}
      FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ${claims.sid}`,
    { name: "tm_check_session" },
  );
  if (!row || row.user_id !== claims.sub || row.session_version !== claims.sv) return null;
  if (row.expires <= now || row.created_at.getTime() + SESSION_ABSOLUTE_MS <= now.getTime()) return null;
  const user = { id: row.user_id, email: row.email, name: row.name };
  const memberships = membershipsFrom(row.memberships);
  if (!options.touch || now.getTime() - row.last_seen_at.getTime() < SESSION_ROTATE_MS) {
    return { user, memberships, expires: row.expires, rotated: false };
  }
  const expires = sessionEnd(row.created_at, now);
  const { count } = await db.session.updateMany({
    where: { id: claims.sid, lastSeenAt: row.last_seen_at },
    data: { lastSeenAt: now, expires },
  });
  return { user, memberships, expires: count === 1 ? expires : row.expires, rotated: count === 1 };
}

export async function deleteSession(db: Db, sessionId: string) {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export function listSessions(db: Db, userId: string) {
  return db.session.findMany({
    where: { userId, expires: { gt: new Date() } },
    select: { id: true, createdAt: true, lastSeenAt: true, expires: true, userAgent: true, ip: true },
    orderBy: { lastSeenAt: "desc" },
  });
}

export async function revokeSession(db: Db, userId: string, sessionId: string) {
  const { count } = await db.session.deleteMany({ where: { id: sessionId, userId } });
  if (count === 0) throw new AppError("NOT_FOUND", "Session not found.");
  return { ok: true as const };
}

// Ends every session but the current one (none, for a program calling with an API token). The
// version bump also refuses any session row a concurrent sign-in creates under the old version;
// the caller re-issues the current session's cookie with the new version.
export async function signOutOthers(db: Db, userId: string, currentSessionId: string | null) {
  const [{ count }, user] = await db.$transaction([
    db.session.deleteMany({ where: { userId, ...(currentSessionId ? { id: { not: currentSessionId } } : {}) } }),
    db.user.update({
      where: { id: userId },
      data: { sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    }),
  ]);
  return { revoked: count, sessionVersion: user.sessionVersion };
}
