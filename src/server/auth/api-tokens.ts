import { createHash, randomBytes } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";
import { membershipsColumn, membershipsFrom } from "~/server/access/memberships";
import { sqlRows, type Db } from "~/server/db";
import { AppError } from "~/server/errors";

// Personal API tokens: `tmk_` + 32 random bytes (base64url). Only the SHA-256 is stored; the first
// characters are kept as a prefix so a person can tell tokens apart in a list.
export const TOKEN_PREFIX = "tmk_";
const TOKEN_PATTERN = /^tmk_[A-Za-z0-9_-]{43}$/;
const MAX_TOKENS_PER_USER = 50;

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function isWellFormedToken(secret: string): boolean {
  return TOKEN_PATTERN.test(secret);
}

export async function createApiToken(db: Db, userId: string, args: { name: string; expiresAt: Date | null }) {
  const active = await db.apiToken.count({ where: { userId, revokedAt: null } });
  if (active >= MAX_TOKENS_PER_USER) {
    throw new AppError("BAD_REQUEST", `You can have at most ${MAX_TOKENS_PER_USER} active tokens; revoke one first.`);
  }
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const token = await db.apiToken.create({
    data: {
      userId,
      name: args.name,
      prefix: secret.slice(0, 12),
      tokenHash: hashToken(secret),
      expiresAt: args.expiresAt,
    },
    select: { id: true, name: true, prefix: true, createdAt: true, expiresAt: true, lastUsedAt: true },
  });
  return { token, secret };
}

export function listApiTokens(db: Db, userId: string) {
  return db.apiToken.findMany({
    where: { userId, revokedAt: null },
    select: { id: true, name: true, prefix: true, createdAt: true, expiresAt: true, lastUsedAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export async function revokeApiToken(db: Db, userId: string, tokenId: string) {
  const { count } = await db.apiToken.updateMany({
    where: { id: tokenId, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "Token not found.");
  return { ok: true as const };
}

// The user behind a bearer token, with their memberships, or null when the token is unknown,
// revoked or expired. Checked on every call a program makes, so it is one plain SQL read.
export async function verifyApiToken(db: Db, secret: string) {
  if (!isWellFormedToken(secret)) return null;
  const [row] = await sqlRows<{
    id: string;
    revoked_at: Date | null;
    expires_at: Date | null;
    last_used_at: Date | null;
    user_id: string;
    email: string;
    name: string | null;
    memberships: [string, Role][] | null;
  }>(
    db,
    Prisma.sql`SELECT t.id, t.revoked_at, t.expires_at, t.last_used_at, u.id AS user_id, u.email, u.name,
      ${membershipsColumn(Prisma.raw("u.id"))}
      FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ${hashToken(secret)}`,
    { name: "tm_verify_api_token" },
  );
  const now = new Date();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now)) return null;
  // Record use at most once a minute, so a busy program does not write on every call.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { user: { id: row.user_id, email: row.email, name: row.name }, memberships: membershipsFrom(row.memberships) };
}
