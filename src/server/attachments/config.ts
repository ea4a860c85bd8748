import { createHash, randomBytes } from "node:crypto";
import { env } from "~/env.mjs";
import { localAttachmentStorage, type LocalAttachmentStorage } from "./local-storage";
import { defaultUploadMethod, s3AttachmentStorage } from "./s3-storage";
import type { AttachmentStorage } from "./storage";

/** Signed upload and download links live this long; a download link never outlives a minute. */
export const LINK_SECONDS = 60;

export type AttachmentLimits = { maxFileSize: number; quotaBytes: number };

export function attachmentLimits(): AttachmentLimits {
  return { maxFileSize: env.MAX_FILE_SIZE, quotaBytes: env.ATTACHMENT_QUOTA_MB * 1024 * 1024 };
}

/** The bucket settings from S3_*, or null when files go to UPLOAD_DIR. */
export function bucketSettings() {
  if (!env.S3_BUCKET || !env.S3_ACCESS_KEY || !env.S3_SECRET_KEY) return null;
  return {
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    accessKeyId: env.S3_ACCESS_KEY,
    secretAccessKey: env.S3_SECRET_KEY,
    uploadMethod: env.S3_UPLOAD_METHOD
      ? (env.S3_UPLOAD_METHOD.toUpperCase() as "POST" | "PUT")
      : defaultUploadMethod(env.S3_ENDPOINT),
  };
}

// The local links are signed with a key derived from AUTH_SECRET, so every process of one server
// accepts them; without one (tests), with a key of this process.
function localSecret(): string {
  return env.AUTH_SECRET
    ? createHash("sha256").update(`attachments:${env.AUTH_SECRET}`).digest("base64url")
    : randomBytes(32).toString("base64url");
}

let storage: AttachmentStorage | null = null;

export function attachmentStorage(): AttachmentStorage {
  if (!storage) {
    const bucket = bucketSettings();
    storage = bucket
      ? s3AttachmentStorage(bucket)
      : localAttachmentStorage({ directory: env.UPLOAD_DIR, secret: localSecret() });
  }
  return storage;
}

/** The folder storage behind the /api/files routes, or null when attachments live in a bucket. */
export function localFileStorage(): LocalAttachmentStorage | null {
  const current = attachmentStorage();
  return current.kind === "local" ? (current as LocalAttachmentStorage) : null;
}

/** Tests: use this storage (an S3 server of the test's own, a temporary folder); null restores the default. */
export function setAttachmentStorage(next: AttachmentStorage | null): void {
  storage = next;
}

// On Vercel the disk is gone after each request: without a bucket, uploads are refused with the
// variables to set rather than accepted and lost.
export function storageProblem(): string | null {
  if (attachmentStorage().kind === "local" && env.VERCEL) {
    return "File storage is not configured: set S3_BUCKET, S3_ACCESS_KEY and S3_SECRET_KEY.";
  }
  return null;
}
