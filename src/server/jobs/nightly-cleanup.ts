import { env } from "~/env.mjs";
import { purgeExpiredCredentials } from "~/server/auth/cleanup";
import type { Db } from "~/server/db";
import { pruneEvents } from "~/server/live/events";
import { logger } from "~/server/logger";
import { purgeTrash, TRASH_RETENTION_DAYS } from "~/server/tasks/service";

// Deletes tasks that have been in the trash for more than 30 days, expired sessions and email links,
// and live-update events older than LIVE_EVENT_RETENTION_DAYS (a client that was away longer
// refetches everything); shared by the cron route and the CLI.
export async function runNightlyCleanup(db: Db) {
  const started = Date.now();
  const { purged } = await purgeTrash(db);
  const credentials = await purgeExpiredCredentials(db);
  const events = await pruneEvents(db, new Date(Date.now() - env.LIVE_EVENT_RETENTION_DAYS * 86_400_000));
  const summary = {
    job: "nightly-cleanup",
    purged,
    retentionDays: TRASH_RETENTION_DAYS,
    ...credentials,
    events,
    ms: Date.now() - started,
  };
  logger.info(summary, "trash, expired credentials and old live events purged");
  return summary;
}
