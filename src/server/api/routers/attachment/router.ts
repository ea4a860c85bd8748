import { z } from "zod";
import { attachmentProcedure, createTRPCRouter, taskProcedure, workspaceProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import {
  attachmentUsage,
  completeUpload,
  createUpload,
  deleteAttachment,
  downloadLink,
  listAttachments,
} from "~/server/attachments/service";
import { ZOk } from "../common.schema";
import {
  ZAttachment,
  ZAttachmentIdInput,
  ZCreateUploadInput,
  ZCreateUploadOutput,
  ZDownloadInput,
  ZDownloadOutput,
  ZListAttachmentsInput,
  ZUsage,
  ZUsageInput,
} from "./schema";

export const attachmentRouter = createTRPCRouter({
  list: taskProcedure("workspace.read", sync(ZListAttachmentsInput))
    .output(sync(z.array(ZAttachment)))
    .query(({ ctx, input }) => listAttachments(ctx.db, ctx.access, input.taskId)),

  usage: workspaceProcedure("workspace.read", sync(ZUsageInput))
    .output(sync(ZUsage))
    .query(({ ctx }) => attachmentUsage(ctx.db, ctx.access)),

  // Step 1 of an upload: a one-minute signed upload straight to storage, for exactly `size` bytes.
  createUpload: taskProcedure("task.write", sync(ZCreateUploadInput))
    .output(sync(ZCreateUploadOutput))
    .mutation(({ ctx, input }) => createUpload(ctx.db, ctx.access, input)),

  // Step 2: the stored object is checked (size, first bytes) and the file listed on its task.
  complete: attachmentProcedure("task.write", sync(ZAttachmentIdInput))
    .output(sync(ZAttachment))
    .mutation(({ ctx, input }) => completeUpload(ctx.db, ctx.access, input.attachmentId)),

  delete: attachmentProcedure("task.write", sync(ZAttachmentIdInput))
    .output(sync(ZOk))
    .mutation(({ ctx, input }) => deleteAttachment(ctx.db, ctx.access, input.attachmentId)),

  // A signed link valid for a minute, for programs; the web app uses the attachment's `url`.
  downloadUrl: attachmentProcedure("workspace.read", sync(ZDownloadInput))
    .output(sync(ZDownloadOutput))
    .query(({ ctx, input }) => downloadLink(ctx.db, ctx.access, input.attachmentId, input.disposition)),
});
