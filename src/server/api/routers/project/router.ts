import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { authorize, authorizeProject } from "~/server/access/access";
import { cached, cacheKey, tasksNamespace } from "~/server/cache";
import { createProject, getProject, listProjects, updateProject } from "~/server/projects/service";
import { ZCreateProjectInput, ZListProjectsInput, ZProject, ZProjectIdInput, ZUpdateProjectInput } from "./schema";

export const projectRouter = createTRPCRouter({
  list: protectedProcedure
    .input(sync(ZListProjectsInput))
    .output(sync(z.array(ZProject)))
    .query(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "workspace.read");
      return cached(
        tasksNamespace(access.workspaceId),
        () => cacheKey(["projects", input.includeArchived]),
        () => listProjects(ctx.db, access.workspaceId, input.includeArchived),
      );
    }),

  get: protectedProcedure
    .input(sync(ZProjectIdInput))
    .output(sync(ZProject))
    .query(async ({ ctx, input }) => {
      const access = await authorizeProject(ctx.db, ctx.session, input.projectId, "workspace.read");
      return getProject(ctx.db, access.workspaceId, input.projectId);
    }),

  create: protectedProcedure
    .input(sync(ZCreateProjectInput))
    .output(sync(ZProject))
    .mutation(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "project.manage");
      return createProject(ctx.db, access, input);
    }),

  update: protectedProcedure
    .input(sync(ZUpdateProjectInput))
    .output(sync(ZProject))
    .mutation(async ({ ctx, input }) => {
      const access = await authorizeProject(ctx.db, ctx.session, input.projectId, "project.manage");
      return updateProject(ctx.db, access, input.projectId, { name: input.name, description: input.description });
    }),

  archive: protectedProcedure
    .input(sync(ZProjectIdInput))
    .output(sync(ZProject))
    .mutation(async ({ ctx, input }) => {
      const access = await authorizeProject(ctx.db, ctx.session, input.projectId, "project.manage");
      return updateProject(ctx.db, access, input.projectId, { archived: true });
    }),

  unarchive: protectedProcedure
    .input(sync(ZProjectIdInput))
    .output(sync(ZProject))
    .mutation(async ({ ctx, input }) => {
      const access = await authorizeProject(ctx.db, ctx.session, input.projectId, "project.manage");
      return updateProject(ctx.db, access, input.projectId, { archived: false });
    }),
});
