import { env } from "~/env.mjs";
import { sweepAttachments } from "~/server/attachments/service";
import { purgeExpiredCredentials } from "~/server/auth/cleanup";
import type { Db } from "~/server/db";
import { pruneEvents } from "~/server/live/events";
import { logger } from "~/server/logger";
import { purgeTrash, TRASH_RETENTION_DAYS } from "~/server/tasks/service";

// Deletes tasks that have been in the trash for more than 30 days and then the files of those tasks,
// of removed attachments and of uploads never completed within a day, expired sessions and email links,
// and live-update events older than LIVE_EVENT_RETENTION_DAYS (a client that was away longer
// refetches everything); shared by the cron route and the CLI.
export async function runNightlyCleanup(db: Db) {
  const started = Date.now();
  const { purged } = await purgeTrash(db);
  const attachments = await sweepAttachments(db);
  const credentials = await purgeExpiredCredentials(db);
  const events = await pruneEvents(db, new Date(Date.now() - env.LIVE_EVENT_RETENTION_DAYS * 86_400_000));
  const summary = {
    job: "nightly-cleanup",
    purged,
    attachmentsDeleted: attachments.deleted,
    attachmentsFailed: attachments.failed,
    retentionDays: TRASH_RETENTION_DAYS,
    ...credentials,
    events,
    ms: Date.now() - started,
  };
  logger.info(summary, "trash, attachments, expired credentials and old live events purged");
  return summary;
}
