import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import type { NotificationKind } from "~/generated/prisma/enums";
import type { Db } from "~/server/db";

type Tx = Prisma.TransactionClient;

// One-click unsubscribe (RFC 8058). Every notification email carries its own link for the one kind it
// is about; following it (a POST, by the mail client or by the button on /unsubscribe) turns email
// off for that kind and keeps the inbox. The token is 32 random bytes; only its SHA-256 is stored, and
// it works once. A GET never changes anything: mail scanners open links to check them.

export const UNSUBSCRIBE_PATH = "/api/notifications/unsubscribe";
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export const isUnsubscribeToken = (token: string) => TOKEN.test(token);

/** A new token for one person and kind; store it in the transaction that claims the email it goes in. */
export async function createUnsubscribeToken(tx: Tx | Db, userId: string, kind: NotificationKind): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await tx.unsubscribeToken.create({ data: { tokenHash: hashOf(token), userId, kind } });
  return token;
}

/** Drops a token that was never sent (its email failed and will be sent again with a new one). */
export function deleteUnsubscribeToken(tx: Tx | Db, token: string) {
  return tx.unsubscribeToken.deleteMany({ where: { tokenHash: hashOf(token) } });
}

/** How long an email's unsubscribe link works. */
export const UNSUBSCRIBE_TOKEN_DAYS = 180;

/** Deletes the links of emails older than UNSUBSCRIBE_TOKEN_DAYS (one row per email sent). */
export async function pruneUnsubscribeTokens(db: Db, now = new Date()): Promise<number> {
  const olderThan = new Date(now.getTime() - UNSUBSCRIBE_TOKEN_DAYS * 86_400_000);
  return db.unsubscribeToken.deleteMany({ where: { createdAt: { lt: olderThan } } }).then((r) => r.count);
}

export const unsubscribeUrl = (appUrl: string, token: string) => `${appUrl}${UNSUBSCRIBE_PATH}?token=${token}`;

export type TokenState =
  { state: "valid"; kind: NotificationKind } | { state: "used"; kind: NotificationKind } | { state: "unknown" };

/** What a token would do, without using it (the page a person lands on from the email). */
export async function unsubscribeTokenState(db: Db, token: string): Promise<TokenState> {
  if (!isUnsubscribeToken(token)) return { state: "unknown" };
  const row = await db.unsubscribeToken.findUnique({
    where: { tokenHash: hashOf(token) },
    select: { kind: true, usedAt: true },
  });
  if (!row) return { state: "unknown" };
  return { state: row.usedAt ? "used" : "valid", kind: row.kind };
}

export type UnsubscribeResult =
  | { ok: true; kind: NotificationKind }
  | { ok: false; reason: "used"; kind: NotificationKind }
  | { ok: false; reason: "unknown" };

/**
 * Uses the token: the person's channel for its kind becomes INBOX (from EMAIL; OFF stays OFF), and
 * their emails of that kind still waiting for their batch are not sent. A used or unknown token
 * changes nothing. The token is marked used by the same UPDATE that checks it, so two clicks at once
 * use it once.
 */
export async function unsubscribe(db: Db, token: string, now = new Date()): Promise<UnsubscribeResult> {
  if (!isUnsubscribeToken(token)) return { ok: false, reason: "unknown" };
  const tokenHash = hashOf(token);
  return db.$transaction(async (tx) => {
    const used = await tx.unsubscribeToken.updateManyAndReturn({
      where: { tokenHash, usedAt: null },
      data: { usedAt: now },
      select: { userId: true, kind: true },
    });
    const claimed = used[0];
    if (!claimed) {
      const row = await tx.unsubscribeToken.findUnique({ where: { tokenHash }, select: { kind: true } });
      return row ? { ok: false, reason: "used", kind: row.kind } : { ok: false, reason: "unknown" };
    }
    const { userId, kind } = claimed;
    await tx.$executeRaw`
      INSERT INTO notification_preferences (user_id, kind, channel)
      VALUES (${userId}, ${kind}::"NotificationKind", 'INBOX')
      ON CONFLICT (user_id, kind) DO UPDATE SET channel = 'INBOX'
      WHERE notification_preferences.channel = 'EMAIL'`;
    await tx.notification.updateMany({
      where: { userId, kind, emailState: "PENDING" },
      data: { emailState: "NONE", emailDueAt: null },
    });
    return { ok: true, kind };
  });
}

export const KIND_NAMES: Record<NotificationKind, string> = {
  ASSIGNED: "tasks assigned to you",
  MENTIONED: "mentions of you",
  COMMENTED: "comments on tasks you follow",
  STATUS_CHANGED: "status changes of tasks you follow",
  DUE: "due-date reminders",
};
