import { PassThrough, type Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { copyStatement, dumpHeader, quote, TABLES } from "./dump-format";
import { digest, latestMigration, manifestName, type Manifest, type SigningOptions } from "./manifest";
import { signManifest } from "./signature";
import type { BackupStorage } from "./storage";

async function columns(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    [table],
  );
  return rows.map((r) => r.column_name);
}

// Pipes one table's COPY output into the open gzip stream without ending it; fails when either side
// does. On failure the rest of the table is read and discarded, so the COPY ends and the connection
// can roll back; `settled` resolves once it has.
function copyInto(source: Readable, gzip: Writable): { done: Promise<void>; settled: Promise<void> } {
  const settled = new Promise<void>((resolve) => {
    source
      .once("end", resolve)
      .once("error", () => resolve())
      .once("close", resolve);
  });
  const done = new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      source.off("error", finish).off("end", finish);
      gzip.off("error", finish).off("close", closed);
      if (error) {
        source.unpipe(gzip);
        source.on("error", () => undefined);
        source.resume();
        reject(error);
      } else resolve();
    };
    const closed = () => finish(new Error("The backup stream closed before the table was written."));
    source.on("error", finish).on("end", finish);
    gzip.on("error", finish).on("close", closed);
    source.pipe(gzip, { end: false });
  });
  return { done, settled };
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

/**
 * Streams a consistent dump of every table (one REPEATABLE READ snapshot) as plain SQL with COPY blocks,
 * gzip-compressed, into `storage`. Memory stays flat: rows flow from PostgreSQL through gzip to the file
 * or the multipart upload. The manifest is written only once the dump is stored in full.
 */
export async function dumpDatabase(
  client: pg.ClientBase,
  storage: BackupStorage,
  now = new Date(),
  options: SigningOptions = {},
): Promise<Manifest> {
  const file = `taskmanager-${now.toISOString().replace(/[:.]/g, "-")}.sql.gz`;
  const gzip = createGzip({ level: 6 });
  const { tap, result } = digest();
  const body = new PassThrough();
  const compressed = pipeline(gzip, tap, body);
  compressed.catch(() => undefined);
  const stored = storage.putStream(file, body);
  // A failed upload must stop the dump rather than leave it waiting on a stream nobody reads.
  stored.catch((error: unknown) => gzip.destroy(error instanceof Error ? error : new Error(String(error))));
  const tables: Record<string, number> = {};
  let migration: string | null = null;
  let copying: Promise<void> | null = null;
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    migration = await latestMigration(client);
    await write(gzip, dumpHeader(now.toISOString(), migration));
    for (const table of TABLES) {
      const cols = await columns(client, table);
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`);
      tables[table] = Number(rows[0]!.n);
      const list = cols.map(quote).join(", ");
      // Subtasks after their parents, so the self-reference holds row by row.
      const order = table === "tasks" ? " ORDER BY parent_id IS NOT NULL, id" : "";
      await write(gzip, `${copyStatement(table, cols)};\n`);
      const source = client.query(copyTo(`COPY (SELECT ${list} FROM ${quote(table)}${order}) TO STDOUT`));
      const copy = copyInto(source, gzip);
      copying = copy.settled;
      await copy.done;
      copying = null;
      await write(gzip, "\\.\n\n");
    }
    await client.query("COMMIT");
    gzip.end();
    await compressed;
    await stored;
  } catch (error) {
    // Mid-COPY the server is still sending the table: let it finish (discarded), then roll back.
    await copying;
    await client.query("ROLLBACK").catch(() => undefined);
    gzip.destroy();
    body.destroy(error instanceof Error ? error : new Error(String(error)));
    const [, upload] = await Promise.allSettled([compressed, stored]);
    // When the upload failed first, its error is the one that explains what happened.
    throw upload.status === "rejected" ? upload.reason : error;
  }
  const manifest: Manifest = {
    format: "taskmanager-backup/1",
    file,
    createdAt: now.toISOString(),
    migration,
    tables,
    ...result(),
  };
  if (options.signingKey) manifest.signature = signManifest(manifest, options.signingKey);
  try {
    await storage.putText(manifestName(file), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (error) {
    // A dump without its manifest cannot be restored by us; do not leave it to look like a backup.
    await storage.delete(file).catch(() => undefined);
    throw error;
  }
  return manifest;
}
