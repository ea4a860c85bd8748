import { env } from "~/env.mjs";
import { createTRPCRouter, instanceAdminProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { configuredStorage } from "~/server/backup/configured";
import { listBackups, type BackupEntry } from "~/server/backup/catalog";
import { RestoreRefused, verifyBackup } from "~/server/backup/restore";
import { runBackup } from "~/server/jobs/backup";
import { ZCreateBackupOutput, ZListBackupsOutput, ZVerifyBackupInput, ZVerifyBackupOutput } from "./schema";

const shape = (entry: BackupEntry) => ({ ...entry, createdAt: new Date(entry.createdAt) });

// Instance administration: backups in the configured storage (the S3 bucket, else BACKUP_DIR).
export const backupRouter = createTRPCRouter({
  list: instanceAdminProcedure.output(sync(ZListBackupsOutput)).query(async () => {
    const storage = configuredStorage();
    const backups = await listBackups(storage);
    return { storage: { kind: storage.kind, location: storage.location }, backups: backups.map(shape) };
  }),

  // The same job as the cron route and `npm run db:backup`, under the same lock: CONFLICT while one runs.
  create: instanceAdminProcedure.output(sync(ZCreateBackupOutput)).mutation(async ({ ctx }) => {
    const summary = await runBackup(ctx.db);
    return {
      backup: shape({ ...summary.manifest, status: "complete" }),
      removed: summary.removed,
      ms: summary.ms,
    };
  }),

  // Checks the manifest's signature (with BACKUP_SIGNING_KEY), the dump's size and SHA-256 and every line
  // of it, as a restore would.
  verify: instanceAdminProcedure
    .input(sync(ZVerifyBackupInput))
    .output(sync(ZVerifyBackupOutput))
    .mutation(async ({ input }) => {
      try {
        const manifest = await verifyBackup(configuredStorage(), input.file, { signingKey: env.BACKUP_SIGNING_KEY });
        return {
          file: input.file,
          ok: true,
          message: `${manifest.bytes} bytes, SHA-256 ${manifest.sha256.slice(0, 12)}… match the manifest${manifest.signature && env.BACKUP_SIGNING_KEY ? ", and its signature is valid" : ""}.`,
        };
      } catch (error) {
        if (error instanceof RestoreRefused) return { file: input.file, ok: false, message: error.message };
        throw error;
      }
    }),
});
