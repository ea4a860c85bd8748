import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export type StoredObject = { name: string; bytes: number; modifiedAt: Date };

/**
 * Where backups live: a local folder or an S3-compatible bucket. Names are flat file names
 * (`taskmanager-….sql.gz`, `….sql.gz.json`); each storage maps them to paths or keys.
 */
export type BackupStorage = {
  readonly kind: "local" | "s3";
  /** A folder or `s3://bucket/prefix`, for logs and the admin page; never credentials. */
  readonly location: string;
  /** Streams `body` into `name`. The object appears only once complete; on failure nothing is left. */
  putStream(name: string, body: Readable): Promise<void>;
  putText(name: string, text: string): Promise<void>;
  /** Rejects with BackupObjectMissing when there is no such object. */
  getStream(name: string): Promise<Readable>;
  getText(name: string): Promise<string>;
  list(): Promise<StoredObject[]>;
  delete(name: string): Promise<void>;
};

export class BackupObjectMissing extends Error {
  constructor(name: string, location: string) {
    super(`${name} does not exist in ${location}.`);
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// Names come from manifests and from the command line: keep them to one plain path segment.
export function checkName(name: string): string {
  if (!NAME.test(name) || name.includes("..")) throw new Error(`Not a backup file name: ${JSON.stringify(name)}.`);
  return name;
}

// Backups as files in one folder on this machine (BACKUP_DIR, or the folder of a file given to restore).
export function folderStorage(dir: string): BackupStorage {
  const root = path.resolve(dir);
  const file = (name: string) => path.join(root, checkName(name));
  const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

  return {
    kind: "local",
    location: root,

    async putStream(name, body) {
      await mkdir(root, { recursive: true });
      // Written beside the final name and renamed, so a reader never sees half a file.
      const partial = `${file(name)}.partial`;
      try {
        await pipeline(body, createWriteStream(partial));
        await rename(partial, file(name));
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },

    async putText(name, text) {
      await mkdir(root, { recursive: true });
      const partial = `${file(name)}.partial`;
      await writeFile(partial, text);
      await rename(partial, file(name));
    },

    async getStream(name) {
      const target = file(name);
      const info = await stat(target).catch((error: unknown) => {
        if (missing(error)) return null;
        throw error;
      });
      if (!info?.isFile()) throw new BackupObjectMissing(name, root);
      return createReadStream(target);
    },

    async getText(name) {
      try {
        return await readFile(file(name), "utf8");
      } catch (error) {
        if (missing(error)) throw new BackupObjectMissing(name, root);
        throw error;
      }
    },

    async list() {
      const names = await readdir(root).catch((error: unknown) => {
        if (missing(error)) return [] as string[];
        throw error;
      });
      const objects: StoredObject[] = [];
      for (const name of names) {
        if (!NAME.test(name) || name.endsWith(".partial")) continue;
        const info = await stat(path.join(root, name)).catch(() => null);
        if (info?.isFile()) objects.push({ name, bytes: info.size, modifiedAt: info.mtime });
      }
      return objects;
    },

    async delete(name) {
      await rm(file(name), { force: true });
    },
  };
}
