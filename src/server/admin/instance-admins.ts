import { env } from "~/env.mjs";
import type { Db } from "~/server/db";

/**
 * Instance administrators run the installation itself (backups), above any workspace role. They are
 * named by email in ADMIN_EMAILS, and only count once that address is verified, so signing up with
 * an administrator's address grants nothing.
 */
export async function isInstanceAdmin(
  db: Db,
  userId: string,
  adminEmails: readonly string[] = env.ADMIN_EMAILS,
): Promise<boolean> {
  if (adminEmails.length === 0) return false;
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerified: true } });
  return Boolean(user?.emailVerified && adminEmails.includes(user.email.toLowerCase()));
}
