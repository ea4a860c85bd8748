import { env } from "~/env.mjs";
import { s3Storage } from "./s3-storage";
import { localStorage, type BackupStorage } from "./storage";

// The bucket when BACKUP_S3_BUCKET is set (src/env.mjs has checked its credentials), else BACKUP_DIR.
export function configuredStorage(): BackupStorage {
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
  return localStorage(env.BACKUP_DIR);
}
