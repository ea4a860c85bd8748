import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import { Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import type pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

// Every application table, parents before children, so a plain `psql` replay satisfies foreign keys.
export const TABLES = [
  "users",
  "accounts",
  "sessions",
  "auth_tokens",
  "api_tokens",
  "workspaces",
  "memberships",
  "invitations",
  "projects",
  "labels",
  "tasks",
  "task_labels",
  "comments",
  "activities",
] as const;

export type Manifest = {
  format: "taskmanager-backup/1";
  file: string;
  createdAt: string;
  migration: string | null;
  tables: Record<string, number>;
  bytes: number;
  sha256: string;
};

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

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

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

/**
 * Streams a consistent dump of every table (one REPEATABLE READ snapshot) as plain SQL with COPY blocks,
 * gzip-compressed, into `dir`. Memory stays flat: rows flow from PostgreSQL through gzip to the file.
 */
export async function dumpDatabase(client: pg.ClientBase, dir: string, now = new Date()): Promise<Manifest> {
  await mkdir(dir, { recursive: true });
  const file = `taskmanager-${now.toISOString().replace(/[:.]/g, "-")}.sql.gz`;
  const partial = path.join(dir, `${file}.partial`);
  const gzip = createGzip({ level: 6 });
  const { tap, result } = digest();
  const done = pipeline(gzip, tap, createWriteStream(partial));
  const tables: Record<string, number> = {};
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    const migration = await latestMigration(client);
    await write(
      gzip,
      `-- Taskmanager backup ${now.toISOString()}, schema at migration ${migration ?? "none"}.\n` +
        "-- Restore into a database migrated to the same version:\n" +
        '--   gunzip -c FILE | psql --single-transaction -v ON_ERROR_STOP=1 "$DATABASE_URL"\n' +
        "SET client_encoding = 'UTF8';\n\n",
    );
    for (const table of TABLES) {
      const cols = await columns(client, table);
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`);
      tables[table] = Number(rows[0]!.n);
      const list = cols.map(quote).join(", ");
      // Subtasks after their parents, so the self-reference holds row by row.
      const order = table === "tasks" ? " ORDER BY parent_id IS NOT NULL, id" : "";
      await write(gzip, `COPY ${quote(table)} (${list}) FROM stdin;\n`);
      const source = client.query(copyTo(`COPY (SELECT ${list} FROM ${quote(table)}${order}) TO STDOUT`));
      await new Promise<void>((resolve, reject) => {
        source.on("error", reject);
        source.on("end", resolve);
        source.pipe(gzip, { end: false });
      });
      await write(gzip, "\\.\n\n");
    }
    await client.query("COMMIT");
    gzip.end();
    await done;
    const manifest: Manifest = {
      format: "taskmanager-backup/1",
      file,
      createdAt: now.toISOString(),
      migration,
      tables,
      ...result(),
    };
    await rename(partial, path.join(dir, file));
    await writeFile(path.join(dir, `${file}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    gzip.destroy();
    await done.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}

export class RestoreRefused extends Error {}

async function sha256Of(file: string): Promise<{ sha256: string; bytes: number }> {
  const { tap, result } = digest();
  await pipeline(createReadStream(file), tap, async function* (source) {
    for await (const _chunk of source) {
      // drain
    }
  });
  return result();
}

export async function readManifest(file: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(`${file}.json`, "utf8")) as Manifest;
  } catch {
    throw new RestoreRefused(`No readable manifest next to ${file} (expected ${path.basename(file)}.json).`);
  }
  if (manifest.format !== "taskmanager-backup/1" || typeof manifest.sha256 !== "string") {
    throw new RestoreRefused("The manifest is not a Taskmanager backup manifest.");
  }
  return manifest;
}

// Checks the archive against its manifest before anything touches a database.
export async function verifyBackup(file: string): Promise<Manifest> {
  const manifest = await readManifest(file);
  const size = (await stat(file).catch(() => null))?.size;
  if (size === undefined) throw new RestoreRefused(`${file} does not exist.`);
  const actual = await sha256Of(file);
  if (actual.bytes !== manifest.bytes || actual.sha256 !== manifest.sha256) {
    throw new RestoreRefused(
      `${path.basename(file)} is corrupted or truncated: ${actual.bytes} bytes with SHA-256 ${actual.sha256.slice(0, 12)}…, ` +
        `the manifest says ${manifest.bytes} bytes with ${manifest.sha256.slice(0, 12)}…. Nothing was changed.`,
    );
  }
  return manifest;
}

export type RestoreResult = { manifest: Manifest; restored: Record<string, number> };

/**
 * Restores a verified backup in one transaction: all of it or none of it. Refuses a target with data
 * unless `force` (which empties it inside the same transaction) and a target at another migration.
 */
export async function restoreDatabase(
  client: pg.ClientBase,
  file: string,
  options: { force?: boolean } = {},
): Promise<RestoreResult> {
  const manifest = await verifyBackup(file);
  await client.query("BEGIN");
  try {
    const migration = await latestMigration(client);
    if (migration !== manifest.migration) {
      throw new RestoreRefused(
        `The target database is at migration ${migration ?? "none"}, the backup at ${manifest.migration ?? "none"}. Run \`npm run db:migrate\` with the matching code first.`,
      );
    }
    const counts = await Promise.all(
      TABLES.map(async (t) =>
        Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(t)}`)).rows[0]!.n),
      ),
    );
    if (counts.some((n) => n > 0)) {
      if (!options.force)
        throw new RestoreRefused("The target database is not empty; pass --force to replace its data.");
      await client.query(`TRUNCATE ${TABLES.map(quote).join(", ")} CASCADE`);
    }
    const lines = readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    let copy: Writable | null = null;
    let copyDone: Promise<void> | null = null;
    for await (const line of lines) {
      if (copy) {
        if (line === "\\.") {
          copy.end();
          await copyDone;
          copy = null;
        } else if (!copy.write(`${line}\n`)) {
          await new Promise((resolve) => copy!.once("drain", resolve));
        }
      } else if (line.startsWith("COPY ")) {
        const stream = client.query(copyFrom(line.replace(/;$/, "")));
        copyDone = new Promise<void>((resolve, reject) => {
          stream.on("finish", resolve);
          stream.on("error", reject);
        });
        copy = stream;
      } else if (line.startsWith("SET ")) {
        await client.query(line);
      }
    }
    if (copy) throw new RestoreRefused("The backup ends inside a COPY block; it is truncated.");
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

// Deletes backups older than the retention period; returns the files removed.
export async function applyRetention(dir: string, retentionDays: number, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const name of files.filter((f) => f.endsWith(".sql.gz.json"))) {
    const manifest = JSON.parse(await readFile(path.join(dir, name), "utf8")) as Manifest;
    if (now - Date.parse(manifest.createdAt) > retentionDays * 86_400_000) {
      await rm(path.join(dir, manifest.file), { force: true });
      await rm(path.join(dir, name), { force: true });
      removed.push(manifest.file);
    }
  }
  return removed;
}

export async function listBackups(dir: string): Promise<Manifest[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const manifests = await Promise.all(
    files
      .filter((f) => f.endsWith(".sql.gz.json"))
      .map(async (f) => JSON.parse(await readFile(path.join(dir, f), "utf8")) as Manifest),
  );
  return manifests.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
