import { z } from "zod";
import { commentProcedure, createTRPCRouter, taskProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { addComment, deleteComment, editComment, listComments } from "~/server/comments/service";
import { ZOk } from "../common.schema";
import { ZAddCommentInput, ZComment, ZCommentIdInput, ZEditCommentInput, ZListCommentsInput } from "./schema";

export const commentRouter = createTRPCRouter({
  list: taskProcedure("workspace.read", sync(ZListCommentsInput))
    .output(sync(z.array(ZComment)))
    .query(({ ctx, input }) => listComments(ctx.db, ctx.access, input.taskId)),

  add: taskProcedure("comment.write", sync(ZAddCommentInput))
    .output(sync(ZComment))
    .mutation(({ ctx, input }) => addComment(ctx.db, ctx.access, input.taskId, input.body)),

  edit: commentProcedure("comment.write", sync(ZEditCommentInput))
    .output(sync(ZComment))
    .mutation(({ ctx, input }) => editComment(ctx.db, ctx.access, input.commentId, input.body)),

  delete: commentProcedure("comment.write", sync(ZCommentIdInput))
    .output(sync(ZOk))
    .mutation(({ ctx, input }) => deleteComment(ctx.db, ctx.access, input.commentId)),
});
