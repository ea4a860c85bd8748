import { createTRPCRouter, projectProcedure, taskProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { listActivity } from "~/server/activity/service";
import { ZActivityPage, ZProjectActivityInput, ZTaskActivityInput } from "./schema";

export const activityRouter = createTRPCRouter({
  forTask: taskProcedure("workspace.read", sync(ZTaskActivityInput))
    .output(sync(ZActivityPage))
    .query(({ ctx, input }) => listActivity(ctx.db, ctx.access, input)),

  forProject: projectProcedure("workspace.read", sync(ZProjectActivityInput))
    .output(sync(ZActivityPage))
    .query(({ ctx, input }) => listActivity(ctx.db, ctx.access, input)),
});
