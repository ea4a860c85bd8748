import { isManifestName, manifestName, readManifest, type Manifest } from "./manifest";
import type { BackupStorage, StoredObject } from "./storage";

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
