import { env } from "~/env.mjs";
import { configuredStorage } from "~/server/backup/configured";
import { applyRetention } from "~/server/backup/catalog";
import { dumpDatabase } from "~/server/backup/dump";
import type { Manifest } from "~/server/backup/manifest";
import { folderStorage, type BackupStorage } from "~/server/backup/storage";
import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { logger } from "~/server/logger";

const LOCK = "taskmanager:backup";

export type BackupSummary = {
  job: "backup";
  storage: { kind: BackupStorage["kind"]; location: string };
  manifest: Manifest;
  removed: string[];
  ms: number;
};

export type BackupOptions = {
  /** Defaults to the configured storage (BACKUP_S3_BUCKET, else BACKUP_DIR). */
  storage?: BackupStorage;
  /** A local folder instead of the configured storage. */
  dir?: string;
  now?: Date;
  /** Defaults to BACKUP_SIGNING_KEY; without a key the manifest is not signed. */
  signingKey?: string;
};

// One backup at a time across every instance, the admin page and the CLI: a PostgreSQL advisory
// lock, held on the connection that takes the dump. Shared by the cron route, the CLI and tRPC.
export async function runBackup(db: Db, options: BackupOptions = {}): Promise<BackupSummary> {
  const pool = db.$pool;
  if (!pool) throw new Error("runBackup needs a client with its own pool");
  const storage = options.storage ?? (options.dir ? folderStorage(options.dir) : configuredStorage());
  const client = await pool.connect();
  let unusable: Error | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [
      LOCK,
    ]);
    if (!rows[0]?.locked) throw new AppError("CONFLICT", "A backup is already running.");
    try {
      const started = Date.now();
      // A large table's COPY may run longer than the pool's per-statement limit.
      await client.query("SET statement_timeout = 0");
      const manifest = await dumpDatabase(client, storage, options.now, {
        signingKey: options.signingKey ?? env.BACKUP_SIGNING_KEY,
      });
      const removed = await applyRetention(storage, env.BACKUP_RETENTION_DAYS, options.now?.getTime());
      const summary: BackupSummary = {
        job: "backup",
        storage: { kind: storage.kind, location: storage.location },
        manifest,
        removed,
        ms: Date.now() - started,
      };
      logger.info(
        {
          file: manifest.file,
          storage: storage.location,
          bytes: manifest.bytes,
          ms: summary.ms,
          removed: removed.length,
        },
        "backup written",
      );
      return summary;
    } finally {
      try {
        await client.query("RESET statement_timeout");
        await client.query("SELECT pg_advisory_unlock(hashtext($1))", [LOCK]);
      } catch (error) {
        // A connection that cannot unlock is closed instead, which releases the lock with it.
        unusable = error instanceof Error ? error : new Error(String(error));
      }
    }
  } finally {
    client.release(unusable);
  }
}
