import { createHash } from "node:crypto";
import { once } from "node:events";
import { PassThrough, Transform, type Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import type pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { copyStatement, DumpReader, dumpHeader, quote, RestoreRefused, TABLES } from "./dump-format";
import { signatureMatches, signManifest } from "./signature";
import { BackupObjectMissing, checkName, type BackupStorage, type StoredObject } from "./storage";

export { RestoreRefused, TABLES } from "./dump-format";

export type Manifest = {
  format: "taskmanager-backup/1";
  file: string;
  createdAt: string;
  migration: string | null;
  tables: Record<string, number>;
  bytes: number;
  sha256: string;
  /** HMAC-SHA256 of the fields above under BACKUP_SIGNING_KEY, when the backup was taken with one. */
  signature?: string;
};

/** BACKUP_SIGNING_KEY: backups are signed with it, and a restore accepts only manifests it signed. */
export type SigningOptions = { signingKey?: string };

async function latestMigration(client: pg.ClientBase): Promise<string | null> {
  const { rows } = await client.query<{ migration_name: string }>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1",
  );
  return rows[0]?.migration_name ?? null;
}

async function columns(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    [table],
  );
  return rows.map((r) => r.column_name);
}

// Counts bytes and hashes them on their way to the file.
function digest() {
  const hash = createHash("sha256");
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { tap, result: () => ({ sha256: hash.digest("hex"), bytes }) };
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

const manifestName = (file: string) => `${file}.json`;
const isManifestName = (name: string) => name.endsWith(".sql.gz.json");

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

async function drain(source: Readable, tap: Transform): Promise<void> {
  await pipeline(source, tap, async function* (chunks) {
    for await (const _chunk of chunks) {
      // drain
    }
  });
}

function parseManifest(text: string, file: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    throw new RestoreRefused(`The manifest of ${file} is not valid JSON.`);
  }
  if (
    manifest?.format !== "taskmanager-backup/1" ||
    typeof manifest.sha256 !== "string" ||
    typeof manifest.bytes !== "number" ||
    typeof manifest.createdAt !== "string" ||
    typeof manifest.tables !== "object"
  ) {
    throw new RestoreRefused(`The manifest of ${file} is not a Taskmanager backup manifest.`);
  }
  return manifest;
}

export async function readManifest(storage: BackupStorage, file: string): Promise<Manifest> {
  checkName(file);
  try {
    return parseManifest(await storage.getText(manifestName(file)), file);
  } catch (error) {
    if (error instanceof BackupObjectMissing) {
      throw new RestoreRefused(
        `No manifest for ${file} in ${storage.location} (expected ${manifestName(file)} beside it).`,
      );
    }
    throw error;
  }
}

function mismatch(file: string, manifest: Manifest, actual: { bytes: number; sha256: string }): RestoreRefused {
  return new RestoreRefused(
    `${file} is corrupted or truncated: ${actual.bytes} bytes with SHA-256 ${actual.sha256.slice(0, 12)}…, ` +
      `the manifest says ${manifest.bytes} bytes with ${manifest.sha256.slice(0, 12)}…. Nothing was changed.`,
  );
}

function checkHash(file: string, manifest: Manifest, actual: { bytes: number; sha256: string }): void {
  if (actual.bytes !== manifest.bytes || actual.sha256 !== manifest.sha256) throw mismatch(file, manifest, actual);
}

// With a key, only a manifest signed with it, and only beside the dump it was written for.
function checkSignature(manifest: Manifest, file: string, key: string | undefined): void {
  if (!key) return;
  if (manifest.signature === undefined) {
    throw new RestoreRefused(
      `The manifest of ${file} is not signed, and BACKUP_SIGNING_KEY is set: only backups signed with it are accepted. Nothing was changed.`,
    );
  }
  if (!signatureMatches(manifest, key)) {
    throw new RestoreRefused(
      `The manifest of ${file} does not match its signature: it was changed after the backup, or signed with another BACKUP_SIGNING_KEY. Nothing was changed.`,
    );
  }
  if (manifest.file !== file) {
    throw new RestoreRefused(`The signed manifest beside ${file} belongs to ${manifest.file}. Nothing was changed.`);
  }
}

async function open(storage: BackupStorage, file: string): Promise<Readable> {
  try {
    return await storage.getStream(file);
  } catch (error) {
    if (error instanceof BackupObjectMissing) throw new RestoreRefused(error.message);
    throw error;
  }
}

const isZlibError = (error: unknown) =>
  error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith("Z_");

// Reads the whole archive: its size and SHA-256 against the manifest, and every line against what a dump
// of ours contains (with `columns`, the target's columns too).
async function inspect(
  storage: BackupStorage,
  file: string,
  manifest: Manifest,
  columns?: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  const { tap, result } = digest();
  const reader = new DumpReader(file, columns);
  try {
    // A generator as the last stage: pipeline then rejects with its error, not with an AbortError.
    await pipeline(await open(storage, file), tap, createGunzip(), async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) reader.push(chunk);
      reader.end();
    });
  } catch (error) {
    if (!(error instanceof RestoreRefused) && !isZlibError(error)) throw error;
    // A damaged archive does not decompress or parse either: its hash says whether it is damaged.
    const again = digest();
    await drain(await open(storage, file), again.tap);
    checkHash(file, manifest, again.result());
    if (error instanceof RestoreRefused) throw error;
    throw new RestoreRefused(`${file} is not a gzip archive (${(error as Error).message}). Nothing was changed.`);
  }
  checkHash(file, manifest, result());
}

/**
 * Checks a backup before anything touches a database: the manifest's signature when there is a key, the
 * archive's size and SHA-256, and that it holds nothing but what a dump of ours writes.
 */
export async function verifyBackup(
  storage: BackupStorage,
  file: string,
  options: SigningOptions = {},
): Promise<Manifest> {
  const manifest = await readManifest(storage, file);
  checkSignature(manifest, file, options.signingKey);
  await inspect(storage, file, manifest);
  return manifest;
}

// The columns of every table a backup restores, as the target database has them.
async function targetColumns(client: pg.ClientBase): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY table_name, ordinal_position",
    [TABLES],
  );
  const map = new Map<string, string[]>();
  for (const row of rows) map.set(row.table_name, [...(map.get(row.table_name) ?? []), row.column_name]);
  return map;
}

type OpenCopy = { stream: Writable; done: Promise<void> };

// Replays the dump's statements as DumpReader builds them: the file's own text never reaches the server.
async function replay(client: pg.ClientBase, source: Readable, tap: Transform, reader: DumpReader): Promise<void> {
  let copy = null as OpenCopy | null;
  try {
    await pipeline(source, tap, createGunzip(), async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        for (const step of reader.push(chunk)) {
          if (step.kind === "set") await client.query(step.sql);
          else if (step.kind === "copy") {
            const stream = client.query(copyFrom(step.sql));
            const done = new Promise<void>((resolve, reject) => stream.on("finish", resolve).on("error", reject));
            done.catch(() => undefined);
            copy = { stream, done };
          } else if (step.kind === "rows") {
            if (!copy!.stream.write(step.data)) await once(copy!.stream, "drain");
          } else {
            copy!.stream.end();
            await copy!.done;
            copy = null;
          }
        }
      }
      reader.end();
    });
  } catch (error) {
    // Mid-COPY the server waits for more rows: fail the COPY, so that the transaction can roll back.
    if (copy) {
      copy.stream.destroy(error instanceof Error ? error : new Error(String(error)));
      await copy.done.catch(() => undefined);
    }
    throw error;
  }
}

export type RestoreResult = { manifest: Manifest; restored: Record<string, number> };

/**
 * Restores a verified backup in one transaction: all of it or none of it. Refuses a target with data
 * unless `force` (which empties it inside the same transaction) and a target at another migration.
 * The archive is read twice: checked in full first (signature, SHA-256, every line; see verifyBackup),
 * then replayed. The replay is checked the same way and its hash must match before COMMIT, so an object
 * replaced in between cannot slip through.
 */
export async function restoreDatabase(
  client: pg.ClientBase,
  storage: BackupStorage,
  file: string,
  options: { force?: boolean } & SigningOptions = {},
): Promise<RestoreResult> {
  const manifest = await readManifest(storage, file);
  checkSignature(manifest, file, options.signingKey);
  const migration = await latestMigration(client);
  if (migration !== manifest.migration) {
    throw new RestoreRefused(
      `The target database is at migration ${migration ?? "none"}, the backup at ${manifest.migration ?? "none"}. Run \`npm run db:migrate\` with the matching code first.`,
    );
  }
  const columns = await targetColumns(client);
  await inspect(storage, file, manifest, columns);
  await client.query("BEGIN");
  try {
    const { rows: present } = await client.query<{ n: string }>(
      `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${quote(t)})`).join(" + ")} AS n`,
    );
    if (Number(present[0]!.n) > 0) {
      if (!options.force)
        throw new RestoreRefused("The target database is not empty; pass --force to replace its data.");
      await client.query(`TRUNCATE ${TABLES.map(quote).join(", ")} CASCADE`);
    }
    const { tap, result } = digest();
    await replay(client, await open(storage, file), tap, new DumpReader(file, columns));
    checkHash(file, manifest, result());
    const restored: Record<string, number> = {};
    for (const table of TABLES) {
      restored[table] = Number(
        (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`)).rows[0]!.n,
      );
      if (restored[table] !== manifest.tables[table]) {
        throw new RestoreRefused(
          `${table}: restored ${restored[table]} rows, the manifest says ${manifest.tables[table]}.`,
        );
      }
    }
    await client.query("COMMIT");
    return { manifest, restored };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

// The manifests among the stored `objects`, each naming the dump stored beside it (the one a restore
// by that name would read). Unreadable manifests are left out.
async function manifests(storage: BackupStorage, objects: StoredObject[]): Promise<Manifest[]> {
  const read = await Promise.all(
    objects
      .map((o) => o.name)
      .filter(isManifestName)
      .map(async (name) => {
        const file = name.slice(0, -".json".length);
        const manifest = await readManifest(storage, file).catch(() => null);
        return manifest && { ...manifest, file };
      }),
  );
  return read.filter((m): m is Manifest => m !== null);
}

/**
 * Deletes backups older than the retention period, and dumps left without a manifest (an interrupted
 * run) once they are that old too. Returns the dump names removed.
 */
export async function applyRetention(
  storage: BackupStorage,
  retentionDays: number,
  now = Date.now(),
): Promise<string[]> {
  const cutoff = now - retentionDays * 86_400_000;
  const objects = await storage.list();
  const names = new Set(objects.map((o) => o.name));
  const removed: string[] = [];
  for (const manifest of await manifests(storage, objects)) {
    if (Date.parse(manifest.createdAt) < cutoff) {
      // The dump first: a manifest without its dump shows up as missing, never the other way round.
      await storage.delete(manifest.file);
      await storage.delete(manifestName(manifest.file));
      removed.push(manifest.file);
    }
  }
  for (const object of objects) {
    if (
      object.name.endsWith(".sql.gz") &&
      !names.has(manifestName(object.name)) &&
      object.modifiedAt.getTime() < cutoff
    ) {
      await storage.delete(object.name);
      removed.push(object.name);
    }
  }
  return removed;
}

export type BackupStatus = "complete" | "missing" | "size-mismatch";
export type BackupEntry = Manifest & { status: BackupStatus };

/**
 * Every backup with a manifest, newest first. The status compares the stored dump's size with the
 * manifest (cheap, from the listing); `verifyBackup` checks the SHA-256.
 */
export async function listBackups(storage: BackupStorage): Promise<BackupEntry[]> {
  const objects = await storage.list();
  const sizes = new Map(objects.map((o) => [o.name, o.bytes]));
  const entries = (await manifests(storage, objects)).map((manifest): BackupEntry => {
    const bytes = sizes.get(manifest.file);
    const status = bytes === undefined ? "missing" : bytes === manifest.bytes ? "complete" : "size-mismatch";
    return { ...manifest, status };
  });
  return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
