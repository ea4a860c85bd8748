import { purgeExpiredCredentials } from "~/server/auth/cleanup";
import type { Db } from "~/server/db";
import { logger } from "~/server/logger";
import { purgeTrash, TRASH_RETENTION_DAYS } from "~/server/tasks/service";

// Deletes tasks that have been in the trash for more than 30 days, and expired sessions and email
// links; shared by the cron route and the CLI.
export async function runNightlyCleanup(db: Db) {
  const started = Date.now();
  const { purged } = await purgeTrash(db);
  const credentials = await purgeExpiredCredentials(db);
  const summary = {
    job: "nightly-cleanup",
    purged,
    retentionDays: TRASH_RETENTION_DAYS,
    ...credentials,
    ms: Date.now() - started,
  };
  logger.info(summary, "trash and expired credentials purged");
  return summary;
}
