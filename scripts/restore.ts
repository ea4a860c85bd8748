// `npm run db:restore -- <backup> [--force]`: checks the archive against its manifest, then restores
// it into DATABASE_URL in one transaction and verifies the row counts. With BACKUP_SIGNING_KEY set, only
// a backup whose manifest was signed with that key is restored. <backup> is a path to a local
// .sql.gz (its manifest beside it) or the name of a backup in the configured storage (the S3 bucket
// when BACKUP_S3_BUCKET is set, else BACKUP_DIR). `npm run db:restore -- --list` lists those.
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { env } from "~/env.mjs";
import { configuredStorage } from "~/server/backup/configured";
import { listBackups } from "~/server/backup/catalog";
import { RestoreRefused, restoreDatabase } from "~/server/backup/restore";
import { folderStorage } from "~/server/backup/storage";

const args = process.argv.slice(2);
const target = args.find((a) => !a.startsWith("--"));

if (args.includes("--list")) {
  const storage = configuredStorage();
  const backups = await listBackups(storage);
  console.log(`${backups.length} backup${backups.length === 1 ? "" : "s"} in ${storage.location}`);
  for (const b of backups) console.log(`  ${b.file}  ${b.bytes} bytes  ${b.status}`);
  process.exit(0);
}
if (!target || !env.DATABASE_URL) {
  console.error("Usage: DATABASE_URL=… npm run db:restore -- <backup.sql.gz | backup name> [--force]");
  console.error("       npm run db:restore -- --list");
  process.exit(2);
}
const local = target.includes("/") || existsSync(target);
const storage = local ? folderStorage(path.dirname(path.resolve(target))) : configuredStorage();
const file = path.basename(target);

const client = new pg.Client({ connectionString: env.DATABASE_URL });
await client.connect();
try {
  const { manifest, restored } = await restoreDatabase(client, storage, file, {
    force: args.includes("--force"),
    signingKey: env.BACKUP_SIGNING_KEY,
  });
  console.log(
    `Restored ${manifest.file} from ${storage.location} (taken ${manifest.createdAt}, migration ${manifest.migration}).`,
  );
  for (const [table, rows] of Object.entries(restored)) console.log(`  ${table.padEnd(14)} ${rows}`);
} catch (error) {
  console.error(error instanceof RestoreRefused ? `Refused: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await client.end();
}
