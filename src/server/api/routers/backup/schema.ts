import { z } from "zod";

export const ZBackupStatus = z.enum(["complete", "missing", "size-mismatch"]);

export const ZBackup = z.object({
  file: z.string(),
  createdAt: z.date(),
  migration: z.string().nullable(),
  tables: z.record(z.string(), z.number().int()),
  bytes: z.number().int(),
  sha256: z.string(),
  status: ZBackupStatus,
});

export const ZStorage = z.object({ kind: z.enum(["local", "s3"]), location: z.string() });

export const ZListBackupsOutput = z.object({ storage: ZStorage, backups: z.array(ZBackup) });

export const ZCreateBackupOutput = z.object({
  backup: ZBackup,
  removed: z.array(z.string()),
  ms: z.number().int(),
});

export const ZVerifyBackupInput = z
  .object({
    file: z
      .string()
      .max(200)
      .regex(/^taskmanager-[A-Za-z0-9-]+\.sql\.gz$/, "must be a backup file name"),
  })
  .strict();

export const ZVerifyBackupOutput = z.object({ file: z.string(), ok: z.boolean(), message: z.string() });
