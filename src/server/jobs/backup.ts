import path from "node:path";
import { env } from "~/env.mjs";
import { applyRetention, dumpDatabase, type Manifest } from "~/server/backup/dump";
import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { logger } from "~/server/logger";

const LOCK = "taskmanager:backup";

export type BackupSummary = { job: "backup"; manifest: Manifest; removed: string[]; ms: number };

// One backup at a time across every instance and the CLI: a PostgreSQL advisory lock, held on the
// connection that takes the dump.
export async function runBackup(db: Db, options: { dir?: string } = {}): Promise<BackupSummary> {
  const pool = db.$pool;
  if (!pool) throw new Error("runBackup needs a client with its own pool");
  const dir = path.resolve(options.dir ?? env.BACKUP_DIR);
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [
      LOCK,
    ]);
    if (!rows[0]?.locked) throw new AppError("CONFLICT", "A backup is already running.");
    try {
      const started = Date.now();
      const manifest = await dumpDatabase(client, dir);
      const removed = await applyRetention(dir, env.BACKUP_RETENTION_DAYS);
      const summary: BackupSummary = { job: "backup", manifest, removed, ms: Date.now() - started };
      logger.info(
        { file: manifest.file, bytes: manifest.bytes, ms: summary.ms, removed: removed.length },
        "backup written",
      );
      return summary;
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [LOCK]);
    }
  } finally {
    client.release();
  }
}
