import { z } from "zod";
import { createTRPCRouter, projectProcedure, workspaceProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { cached, cacheKey, tasksNamespace } from "~/server/cache";
import { createProject, getProject, listProjects, updateProject } from "~/server/projects/service";
import { ZCreateProjectInput, ZListProjectsInput, ZProject, ZProjectIdInput, ZUpdateProjectInput } from "./schema";

const manageProject = projectProcedure("project.manage", sync(ZProjectIdInput)).output(sync(ZProject));

export const projectRouter = createTRPCRouter({
  list: workspaceProcedure("workspace.read", sync(ZListProjectsInput))
    .output(sync(z.array(ZProject)))
    .query(({ ctx, input }) =>
      cached(
        tasksNamespace(ctx.access.workspaceId),
        () => cacheKey(["projects", input.includeArchived]),
        () => listProjects(ctx.db, ctx.access, input.includeArchived),
      ),
    ),

  get: projectProcedure("workspace.read", sync(ZProjectIdInput))
    .output(sync(ZProject))
    .query(({ ctx, input }) => getProject(ctx.db, ctx.access, input.projectId)),

  create: workspaceProcedure("project.manage", sync(ZCreateProjectInput))
    .output(sync(ZProject))
    .mutation(({ ctx, input }) => createProject(ctx.db, ctx.access, input)),

  update: projectProcedure("project.manage", sync(ZUpdateProjectInput))
    .output(sync(ZProject))
    .mutation(({ ctx, input }) =>
      updateProject(ctx.db, ctx.access, input.projectId, { name: input.name, description: input.description }),
    ),

  archive: manageProject.mutation(({ ctx, input }) =>
    updateProject(ctx.db, ctx.access, input.projectId, { archived: true }),
  ),

  unarchive: manageProject.mutation(({ ctx, input }) =>
    updateProject(ctx.db, ctx.access, input.projectId, { archived: false }),
  ),
});
