import { createHash } from "node:crypto";
import { Transform } from "node:stream";
import type pg from "pg";
import { RestoreRefused } from "./dump-format";
import { signatureMatches } from "./signature";
import { BackupObjectMissing, checkName, type BackupStorage } from "./storage";

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

export const manifestName = (file: string) => `${file}.json`;
export const isManifestName = (name: string) => name.endsWith(".sql.gz.json");

// The migration a backup records, and the one a restore target must be at.
export async function latestMigration(client: pg.ClientBase): Promise<string | null> {
  const { rows } = await client.query<{ migration_name: string }>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1",
  );
  return rows[0]?.migration_name ?? null;
}

// Counts bytes and hashes them on their way to or from the file.
export function digest() {
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

export function checkHash(file: string, manifest: Manifest, actual: { bytes: number; sha256: string }): void {
  if (actual.bytes !== manifest.bytes || actual.sha256 !== manifest.sha256) throw mismatch(file, manifest, actual);
}

// With a key, only a manifest signed with it, and only beside the dump it was written for.
export function checkSignature(manifest: Manifest, file: string, key: string | undefined): void {
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
