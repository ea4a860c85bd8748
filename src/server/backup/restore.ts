import { once } from "node:events";
import type { Readable, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { DumpReader, quote, RestoreRefused, TABLES } from "./dump-format";
import {
  checkHash,
  checkSignature,
  digest,
  latestMigration,
  readManifest,
  type Manifest,
  type SigningOptions,
} from "./manifest";
import { BackupObjectMissing, type BackupStorage } from "./storage";

export { RestoreRefused } from "./dump-format";

async function drain(source: Readable, tap: Transform): Promise<void> {
  await pipeline(source, tap, async function* (chunks) {
    for await (const _chunk of chunks) {
      // drain
    }
  });
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
