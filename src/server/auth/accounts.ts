import { randomBytes } from "node:crypto";
import type { AuthTokenPurpose } from "~/generated/prisma/enums";
import type { Db } from "~/server/db";
import { bumpVersions, tasksNamespace } from "~/server/cache";
import { AppError } from "~/server/errors";
import { sendMailAfterResponse } from "~/server/mail/mailer";
import { accountExistsMail, resetPasswordMail, verifyEmailMail } from "~/server/mail/templates";
import { hashToken } from "./api-tokens";
import { newLinkSecret } from "./link-secret";
import { hashPassword, verifyPassword } from "./password";

const HOUR = 3_600_000;
export const VERIFY_TTL_MS = 24 * HOUR;
export const RESET_TTL_MS = HOUR;

// Hashing a password nobody has keeps "no such account" as slow as "wrong password".
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString("hex")));

// Answers that must not tell whether an account exists (sign-up, reset, resend) take at least this
// long, so the branch taken (a row or two written, or none) does not show in the timing; the work
// itself takes a few milliseconds, the password hash of sign-up some tens.
const EVEN_ANSWER_MS = 100;

async function evenly<T>(work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    const left = EVEN_ANSWER_MS - (performance.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}

async function issueAuthToken(db: Db, userId: string, purpose: AuthTokenPurpose, ttlMs: number): Promise<string> {
  const { secret, tokenHash } = newLinkSecret();
  await db.authToken.create({ data: { userId, purpose, tokenHash, expires: new Date(Date.now() + ttlMs) } });
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

export function signUp(db: Db, links: Links, args: { name: string; email: string; password: string }) {
  return evenly(() => createAccount(db, links, args));
}

async function createAccount(db: Db, links: Links, args: { name: string; email: string; password: string }) {
  const passwordHash = await hashPassword(args.password);
  const existing = await db.user.findUnique({
    where: { email: args.email },
    select: { id: true, emailVerified: true },
  });
  if (existing) {
    // The address has an account, confirmed or not. Its password is left alone, and the owner of the
    // mailbox gets a reset link rather than a confirm link: confirming would activate a password
    // someone else may have chosen.
    const reset = await issueAuthToken(db, existing.id, "RESET_PASSWORD", RESET_TTL_MS);
    sendMailAfterResponse(
      accountExistsMail(args.email, {
        confirmed: existing.emailVerified !== null,
        signInUrl: `${links.appUrl}/sign-in`,
        resetUrl: `${links.appUrl}/reset-password?token=${reset}`,
      }),
    );
  } else {
    const user = await db.user.create({
      data: { email: args.email, name: args.name, passwordHash },
      select: { id: true },
    });
    const token = await issueAuthToken(db, user.id, "VERIFY_EMAIL", VERIFY_TTL_MS);
    sendMailAfterResponse(verifyEmailMail(args.email, `${links.appUrl}/verify-email?token=${token}`));
  }
  return { ok: true as const };
}

export async function verifyEmail(db: Db, token: string) {
  const userId = await consumeAuthToken(db, token, "VERIFY_EMAIL");
  if (!userId) throw new AppError("BAD_REQUEST", "This link is invalid, used or expired. Ask for a new one.");
  // Invitations to this address wait in the person's pending list: nobody joins a workspace unasked.
  await db.user.update({ where: { id: userId }, data: { emailVerified: new Date() }, select: { id: true } });
  return { ok: true as const };
}

export function resendVerification(db: Db, links: Links, email: string) {
  return evenly(async () => {
    const user = await db.user.findUnique({ where: { email }, select: { id: true, emailVerified: true } });
    if (user && !user.emailVerified) {
      const token = await issueAuthToken(db, user.id, "VERIFY_EMAIL", VERIFY_TTL_MS);
      sendMailAfterResponse(verifyEmailMail(email, `${links.appUrl}/verify-email?token=${token}`));
    }
    return { ok: true as const };
  });
}

export function requestPasswordReset(db: Db, links: Links, email: string) {
  return evenly(async () => {
    const user = await db.user.findUnique({ where: { email }, select: { id: true } });
    if (user) {
      const token = await issueAuthToken(db, user.id, "RESET_PASSWORD", RESET_TTL_MS);
      sendMailAfterResponse(resetPasswordMail(email, `${links.appUrl}/reset-password?token=${token}`));
    }
    return { ok: true as const };
  });
}

const INVALID_RESET_LINK = "This link is invalid, used or expired. Ask for a new one.";

// A new password signs the account out everywhere: every session is deleted. The link is checked
// before the password is hashed, so a made-up token costs a lookup, not a hash; it is consumed
// after, in one statement, so two uses of one link cannot both succeed.
export async function resetPassword(db: Db, token: string, password: string) {
  const live = await db.authToken.findFirst({
    where: { tokenHash: hashToken(token), purpose: "RESET_PASSWORD", usedAt: null, expires: { gt: new Date() } },
    select: { id: true },
  });
  if (!live) throw new AppError("BAD_REQUEST", INVALID_RESET_LINK);
  const passwordHash = await hashPassword(password);
  const userId = await consumeAuthToken(db, token, "RESET_PASSWORD");
  if (!userId) throw new AppError("BAD_REQUEST", INVALID_RESET_LINK);
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
  | { ok: true; user: { id: string; email: string; name: string | null }; sessionVersion: number }
  | { ok: false; reason: "invalid" | "unverified" };

// The session version is read with the password hash, so a session minted from this check is
// refused if the password changes while it is being made.
export async function checkCredentials(db: Db, email: string, password: string): Promise<CredentialCheck> {
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, emailVerified: true, sessionVersion: true },
  });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummy()), password);
  if (!user?.passwordHash || !valid) return { ok: false, reason: "invalid" };
  if (!user.emailVerified) return { ok: false, reason: "unverified" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name }, sessionVersion: user.sessionVersion };
}

// Signs out every other session (API tokens are separate credentials, listed and revoked on their
// own); the current one stays, under the new session version the caller puts in its cookie.
export async function changePassword(
  db: Db,
  userId: string,
  currentSessionId: string | null,
  args: { currentPassword: string; newPassword: string },
) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user?.passwordHash) {
    throw new AppError("BAD_REQUEST", "This account has no password yet: set one with “Forgot your password?”.");
  }
  if (!(await verifyPassword(user.passwordHash, args.currentPassword))) {
    throw new AppError("BAD_REQUEST", "The current password is not correct.");
  }
  const passwordHash = await hashPassword(args.newPassword);
  const [updated] = await db.$transaction([
    db.user.update({
      where: { id: userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    }),
    db.session.deleteMany({ where: { userId, ...(currentSessionId ? { id: { not: currentSessionId } } : {}) } }),
    db.authToken.updateMany({
      where: { userId, purpose: "RESET_PASSWORD", usedAt: null },
      data: { usedAt: new Date() },
    }),
  ]);
  return { sessionVersion: updated.sessionVersion };
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
