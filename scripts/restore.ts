// `npm run db:restore -- <backup.sql.gz> [--force]`: checks the archive against its manifest, then
// restores it into DATABASE_URL in one transaction and verifies the row counts.
import pg from "pg";
import { env } from "~/env.mjs";
import { RestoreRefused, restoreDatabase } from "~/server/backup/dump";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file || !env.DATABASE_URL) {
  console.error("Usage: DATABASE_URL=… npm run db:restore -- <backup.sql.gz> [--force]");
  process.exit(2);
}
const client = new pg.Client({ connectionString: env.DATABASE_URL });
await client.connect();
try {
  const { manifest, restored } = await restoreDatabase(client, file, { force: args.includes("--force") });
  console.log(`Restored ${manifest.file} (taken ${manifest.createdAt}, migration ${manifest.migration}).`);
  for (const [table, rows] of Object.entries(restored)) console.log(`  ${table.padEnd(14)} ${rows}`);
} catch (error) {
  console.error(error instanceof RestoreRefused ? `Refused: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await client.end();
}
