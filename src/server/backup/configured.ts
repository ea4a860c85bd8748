import { env } from "~/env.mjs";
import { AppError } from "~/server/errors";
import { s3Storage } from "./s3-storage";
import { folderStorage, type BackupStorage } from "./storage";

// The bucket when BACKUP_S3_BUCKET is set (src/env.mjs has checked its credentials), else BACKUP_DIR.
// On Vercel and Render the local disk does not outlive a deploy (or a cron run), so there a backup
// without a bucket is refused instead of written where it will be lost.
export function configuredStorage(
  platform: { vercel?: string; render?: string } = {
    vercel: env.VERCEL,
    render: env.RENDER,
  },
): BackupStorage {
  if (env.BACKUP_S3_BUCKET && env.BACKUP_S3_ACCESS_KEY_ID && env.BACKUP_S3_SECRET_ACCESS_KEY) {
    return s3Storage({
      bucket: env.BACKUP_S3_BUCKET,
      region: env.BACKUP_S3_REGION,
      endpoint: env.BACKUP_S3_ENDPOINT,
      accessKeyId: env.BACKUP_S3_ACCESS_KEY_ID,
      secretAccessKey: env.BACKUP_S3_SECRET_ACCESS_KEY,
      prefix: env.BACKUP_S3_PREFIX,
      forcePathStyle: env.BACKUP_S3_FORCE_PATH_STYLE,
    });
  }
  if (platform.vercel || platform.render) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      `Backups need an S3-compatible bucket on ${platform.vercel ? "Vercel" : "Render"}: its disk does not keep files. Set BACKUP_S3_BUCKET, BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY (docs/DEPLOY.md).`,
    );
  }
  return folderStorage(env.BACKUP_DIR);
}
