import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import type { Db } from "~/server/db";
import { authorize, authorizeTask } from "~/server/access/access";
import { addComment, deleteComment, editComment, listComments } from "~/server/comments/service";
import { ZOk } from "../common.schema";
import { ZAddCommentInput, ZComment, ZCommentIdInput, ZEditCommentInput, ZListCommentsInput } from "./schema";

async function commentWorkspace(db: Db, commentId: string) {
  const comment = await db.comment.findUnique({
    where: { id: commentId },
    select: { task: { select: { workspaceId: true } } },
  });
  return comment?.task.workspaceId ?? null;
}

export const commentRouter = createTRPCRouter({
  list: protectedProcedure
    .input(sync(ZListCommentsInput))
    .output(sync(z.array(ZComment)))
    .query(async ({ ctx, input }) => {
      const access = await authorizeTask(ctx.db, ctx.session, input.taskId, "workspace.read");
      return listComments(ctx.db, access.workspaceId, input.taskId);
    }),

  add: protectedProcedure
    .input(sync(ZAddCommentInput))
    .output(sync(ZComment))
    .mutation(async ({ ctx, input }) => {
      const access = await authorizeTask(ctx.db, ctx.session, input.taskId, "comment.write");
      return addComment(ctx.db, access, input.taskId, input.body);
    }),

  edit: protectedProcedure
    .input(sync(ZEditCommentInput))
    .output(sync(ZComment))
    .mutation(async ({ ctx, input }) => {
      const workspaceId = await commentWorkspace(ctx.db, input.commentId);
      const access = await authorize(ctx.db, ctx.session, workspaceId, "comment.write", "Comment");
      return editComment(ctx.db, access, input.commentId, input.body);
    }),

  delete: protectedProcedure
    .input(sync(ZCommentIdInput))
    .output(sync(ZOk))
    .mutation(async ({ ctx, input }) => {
      const workspaceId = await commentWorkspace(ctx.db, input.commentId);
      const access = await authorize(ctx.db, ctx.session, workspaceId, "comment.write", "Comment");
      return deleteComment(ctx.db, access, input.commentId);
    }),
});
