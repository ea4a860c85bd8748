import type { Db } from "~/server/db";

// Expired sessions and email links can never be used again; the nightly job deletes them so the
// tables hold only live credentials.
export async function purgeExpiredCredentials(db: Db, now = new Date()) {
  const [sessions, authTokens] = await db.$transaction([
    db.session.deleteMany({ where: { expires: { lt: now } } }),
    db.authToken.deleteMany({ where: { expires: { lt: now } } }),
  ]);
  return { expiredSessions: sessions.count, expiredAuthTokens: authTokens.count };
}
