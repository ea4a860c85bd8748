import type { Db } from "~/server/db";
import { logger } from "~/server/logger";
import { purgeTrash, TRASH_RETENTION_DAYS } from "~/server/tasks/service";

// Deletes tasks that have been in the trash for more than 30 days; shared by the cron route and the CLI.
export async function runPurgeTrash(db: Db) {
  const started = Date.now();
  const { purged } = await purgeTrash(db);
  const summary = { job: "purge-trash", purged, retentionDays: TRASH_RETENTION_DAYS, ms: Date.now() - started };
  logger.info(summary, "trash purged");
  return summary;
}
