import { z } from "zod";
import { singleLine, ZId } from "../common.schema";

export const ZAttachmentIdInput = z.object({ attachmentId: ZId }).strict();
export const ZListAttachmentsInput = z.object({ taskId: ZId }).strict();
export const ZUsageInput = z.object({ workspaceId: ZId }).strict();

export const ZCreateUploadInput = z
  .object({
    taskId: ZId,
    name: singleLine(z.string().trim().min(1, "a file needs a name").max(255, "at most 255 characters")),
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    // The browser's File.type, often empty; the server goes by the name's extension and refuses a mismatch.
    contentType: z.string().trim().max(255).default(""),
  })
  .strict();

export const ZDownloadInput = z
  .object({ attachmentId: ZId, disposition: z.enum(["inline", "attachment"]).default("attachment") })
  .strict();

export const ZAttachment = z.object({
  id: z.string(),
  taskId: z.string(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  isImage: z.boolean(),
  createdAt: z.date(),
  uploader: z.object({ id: z.string(), name: z.string().nullable(), email: z.string() }).nullable(),
  /** The app's own link: membership checked on every use, then a redirect to a one-minute signed URL. */
  url: z.string(),
  canDelete: z.boolean(),
});

export const ZSignedUpload = z.discriminatedUnion("method", [
  z.object({ method: z.literal("POST"), url: z.string(), fields: z.record(z.string(), z.string()) }),
  z.object({ method: z.literal("PUT"), url: z.string(), headers: z.record(z.string(), z.string()) }),
]);

export const ZCreateUploadOutput = z.object({
  attachmentId: z.string(),
  expiresAt: z.date(),
  upload: ZSignedUpload,
});

export const ZDownloadOutput = z.object({ url: z.string(), expiresAt: z.date() });

export const ZUsage = z.object({
  usedBytes: z.number().int(),
  quotaBytes: z.number().int(),
  maxFileSize: z.number().int(),
});
