import { z } from "zod";
import { multiLine, ZId } from "../common.schema";

const ZBody = multiLine(z.string().trim().min(1, "a comment cannot be empty").max(10_000));
export const ZAddCommentInput = z.object({ taskId: ZId, body: ZBody }).strict();
export const ZEditCommentInput = z.object({ commentId: ZId, body: ZBody }).strict();
export const ZCommentIdInput = z.object({ commentId: ZId }).strict();
export const ZListCommentsInput = z.object({ taskId: ZId }).strict();
export const ZComment = z.object({
  id: z.string(),
  taskId: z.string(),
  body: z.string(),
  createdAt: z.date(),
  editedAt: z.date().nullable(),
  author: z.object({ id: z.string(), name: z.string().nullable(), email: z.string() }),
});
