import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { authorizeProject, authorizeTask } from "~/server/access/access";
import { listActivity } from "~/server/activity/service";
import { ZActivityPage, ZProjectActivityInput, ZTaskActivityInput } from "./schema";

export const activityRouter = createTRPCRouter({
  forTask: protectedProcedure
    .input(sync(ZTaskActivityInput))
    .output(sync(ZActivityPage))
    .query(async ({ ctx, input }) => {
      const access = await authorizeTask(ctx.db, ctx.session, input.taskId, "workspace.read");
      return listActivity(ctx.db, { workspaceId: access.workspaceId, taskId: input.taskId }, input.limit, input.cursor);
    }),

  forProject: protectedProcedure
    .input(sync(ZProjectActivityInput))
    .output(sync(ZActivityPage))
    .query(async ({ ctx, input }) => {
      const access = await authorizeProject(ctx.db, ctx.session, input.projectId, "workspace.read");
      return listActivity(
        ctx.db,
        { workspaceId: access.workspaceId, projectId: input.projectId },
        input.limit,
        input.cursor,
      );
    }),
});
