import { randomBytes } from "node:crypto";
import type { AuthTokenPurpose } from "~/generated/prisma/enums";
import type { Db } from "~/server/db";
import { bumpVersions, tasksNamespace } from "~/server/cache";
import { AppError } from "~/server/errors";
import { logger } from "~/server/logger";
import { sendMail, type Mail } from "~/server/mail/mailer";
import { accountExistsMail, resetPasswordMail, verifyEmailMail } from "~/server/mail/templates";
import { acceptInvitations } from "~/server/workspaces/service";
import { hashToken } from "./api-tokens";
import { hashPassword, verifyPassword } from "./password";

const HOUR = 3_600_000;
export const VERIFY_TTL_MS = 24 * HOUR;
export const RESET_TTL_MS = HOUR;
// Sessions last seven days from last use (the refresh token of the original design) and are
// re-checked against the database on every request, so revoking one takes effect at once.
export const SESSION_TTL_MS = 7 * 24 * HOUR;
const SESSION_TOUCH_MS = 15 * 60_000;

// Hashing a password nobody has keeps "no such account" as slow as "wrong password".
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString("hex")));

// Emails go out in the background, so an answer takes as long whether or not a message is sent.
function sendInBackground(mail: Mail) {
  sendMail(mail).catch((error: unknown) => logger.error({ err: error, subject: mail.subject }, "sending email failed"));
}

async function issueAuthToken(db: Db, userId: string, purpose: AuthTokenPurpose, ttlMs: number): Promise<string> {
  const secret = randomBytes(32).toString("base64url");
  await db.authToken.create({
    data: { userId, purpose, tokenHash: hashToken(secret), expires: new Date(Date.now() + ttlMs) },
  });
  return secret;
}

// Single use: the token is marked used in the same statement that checks it.
async function consumeAuthToken(db: Db, secret: string, purpose: AuthTokenPurpose): Promise<string | null> {
  const tokenHash = hashToken(secret);
  const { count } = await db.authToken.updateMany({
    where: { tokenHash, purpose, usedAt: null, expires: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (count !== 1) return null;
  const row = await db.authToken.findUnique({ where: { tokenHash }, select: { userId: true } });
  return row?.userId ?? null;
}

export type Links = { appUrl: string };

export async function signUp(db: Db, links: Links, args: { name: string; email: string; password: string }) {
  const passwordHash = await hashPassword(args.password);
  const existing = await db.user.findUnique({
    where: { email: args.email },
    select: { id: true, emailVerified: true },
  });
  if (existing?.emailVerified) {
    const reset = await issueAuthToken(db, existing.id, "RESET_PASSWORD", RESET_TTL_MS);
    sendInBackground(
      accountExistsMail(args.email, `${links.appUrl}/sign-in`, `${links.appUrl}/reset-password?token=${reset}`),
    );
  } else if (existing) {
    // Not verified yet: send the link again, and leave the password alone (whoever owns the address
    // chose it).
    const token = await issueAuthToken(db, existing.id, "VERIFY_EMAIL", VERIFY_TTL_MS);
    sendInBackground(verifyEmailMail(args.email, `${links.appUrl}/verify-email?token=${token}`));
  } else {
    const user = await db.user.create({
      data: { email: args.email, name: args.name, passwordHash },
      select: { id: true },
    });
    const token = await issueAuthToken(db, user.id, "VERIFY_EMAIL", VERIFY_TTL_MS);
    sendInBackground(verifyEmailMail(args.email, `${links.appUrl}/verify-email?token=${token}`));
  }
  return { ok: true as const };
}

export async function verifyEmail(db: Db, token: string) {
  const userId = await consumeAuthToken(db, token, "VERIFY_EMAIL");
  if (!userId) throw new AppError("BAD_REQUEST", "This link is invalid, used or expired. Ask for a new one.");
  const user = await db.user.update({
    where: { id: userId },
    data: { emailVerified: new Date() },
    select: { id: true, email: true },
  });
  await acceptInvitations(db, user.id, user.email);
  return { ok: true as const };
}

export async function resendVerification(db: Db, links: Links, email: string) {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, emailVerified: true } });
  if (user && !user.emailVerified) {
    const token = await issueAuthToken(db, user.id, "VERIFY_EMAIL", VERIFY_TTL_MS);
    sendInBackground(verifyEmailMail(email, `${links.appUrl}/verify-email?token=${token}`));
  }
  return { ok: true as const };
}

export async function requestPasswordReset(db: Db, links: Links, email: string) {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (user) {
    const token = await issueAuthToken(db, user.id, "RESET_PASSWORD", RESET_TTL_MS);
    sendInBackground(resetPasswordMail(email, `${links.appUrl}/reset-password?token=${token}`));
  } else {
    // Match the work of the branch above.
    hashToken(randomBytes(32).toString("base64url"));
  }
  return { ok: true as const };
}

// A new password signs the account out everywhere: every session is deleted.
export async function resetPassword(db: Db, token: string, password: string) {
  const passwordHash = await hashPassword(password);
  const userId = await consumeAuthToken(db, token, "RESET_PASSWORD");
  if (!userId) throw new AppError("BAD_REQUEST", "This link is invalid, used or expired. Ask for a new one.");
  await db.$transaction([
    db.user.update({
      where: { id: userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    }),
    // Following the link proved the address is theirs.
    db.user.updateMany({ where: { id: userId, emailVerified: null }, data: { emailVerified: new Date() } }),
    db.session.deleteMany({ where: { userId } }),
    db.authToken.updateMany({
      where: { userId, purpose: "RESET_PASSWORD", usedAt: null },
      data: { usedAt: new Date() },
    }),
  ]);
  return { ok: true as const };
}

export type CredentialCheck =
  | { ok: true; user: { id: string; email: string; name: string | null } }
  | { ok: false; reason: "invalid" | "unverified" };

export async function checkCredentials(db: Db, email: string, password: string): Promise<CredentialCheck> {
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, emailVerified: true },
  });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummy()), password);
  if (!user?.passwordHash || !valid) return { ok: false, reason: "invalid" };
  if (!user.emailVerified) return { ok: false, reason: "unverified" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}

export async function createSession(db: Db, userId: string, meta: { userAgent?: string | null; ip?: string | null }) {
  return db.session.create({
    data: {
      userId,
      expires: new Date(Date.now() + SESSION_TTL_MS),
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip?.slice(0, 64) ?? null,
    },
    select: { id: true },
  });
}

// The live session behind a session id; sliding expiry, written at most every 15 minutes.
export async function sessionUser(db: Db, sessionId: string) {
  const row = await db.session.findUnique({
    where: { id: sessionId },
    select: { expires: true, lastSeenAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  const now = Date.now();
  if (!row || row.expires.getTime() <= now) return null;
  if (now - row.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
    await db.session
      .update({
        where: { id: sessionId },
        data: { lastSeenAt: new Date(now), expires: new Date(now + SESSION_TTL_MS) },
      })
      .catch(() => undefined);
  }
  return row.user;
}

export async function deleteSession(db: Db, sessionId: string) {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export async function changePassword(
  db: Db,
  userId: string,
  currentSessionId: string | null,
  args: { currentPassword: string; newPassword: string },
) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, args.currentPassword))) {
    throw new AppError("BAD_REQUEST", "The current password is not correct.");
  }
  const passwordHash = await hashPassword(args.newPassword);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } }),
    db.session.deleteMany({ where: { userId, ...(currentSessionId ? { id: { not: currentSessionId } } : {}) } }),
  ]);
  return { ok: true as const };
}

export async function signOutEverywhere(db: Db, userId: string, currentSessionId: string | null) {
  const { count } = await db.session.deleteMany({
    where: { userId, ...(currentSessionId ? { id: { not: currentSessionId } } : {}) },
  });
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
  return { revoked: count };
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

export async function updateProfile(db: Db, userId: string, name: string) {
  const user = await db.user.update({
    where: { id: userId },
    data: { name },
    select: { id: true, email: true, name: true, emailVerified: true, memberships: { select: { workspaceId: true } } },
  });
  // Names appear in cached task lists (assignees).
  await bumpVersions(user.memberships.map((m) => tasksNamespace(m.workspaceId)));
  return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified };
}
