import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { authorize, authorizeProject, authorizeTask } from "~/server/access/access";
import { cached, cacheKey, tasksNamespace } from "~/server/cache";
import { AppError } from "~/server/errors";
import { listTasks } from "~/server/tasks/list";
import {
  bulkUpdateTasks,
  createTask,
  deleteTask,
  getTaskById,
  getTaskByRef,
  moveTask,
  purgeTrash,
  restoreTask,
  updateTask,
} from "~/server/tasks/service";
import { ZProjectIdInput } from "../project/schema";
import {
  ZBulkUpdateInput,
  ZBulkUpdateOutput,
  ZCreateTaskInput,
  ZGetTaskInput,
  ZListTasksInput,
  ZListTasksOutput,
  ZListTrashInput,
  ZListTrashOutput,
  ZMoveTaskInput,
  ZPurgeOutput,
  ZTask,
  ZTaskIdInput,
  ZUpdateTaskInput,
} from "./schema";

export const taskRouter = createTRPCRouter({
  list: protectedProcedure
    .input(sync(ZListTasksInput))
    .output(sync(ZListTasksOutput))
    .query(async ({ ctx, input }) => {
      const access = await authorizeProject(ctx.db, ctx.session, input.projectId, "workspace.read");
      const { direction: _direction, ...query } = input;
      return cached(
        tasksNamespace(access.workspaceId),
        () => cacheKey(["tasks", query]),
        () => listTasks(ctx.db, query),
      );
    }),

  get: protectedProcedure
    .input(sync(ZGetTaskInput))
    .output(sync(ZTask))
    .query(async ({ ctx, input }) => {
      if ("id" in input) {
        const access = await authorizeTask(ctx.db, ctx.session, input.id, "workspace.read");
        return getTaskById(ctx.db, access.workspaceId, input.id);
      }
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "workspace.read");
      return getTaskByRef(ctx.db, access.workspaceId, input.ref);
    }),

  create: protectedProcedure
    .input(sync(ZCreateTaskInput))
    .output(sync(ZTask))
    .mutation(async ({ ctx, input }) => {
      const access = await authorizeProject(ctx.db, ctx.session, input.projectId, "task.write");
      return createTask(ctx.db, access.userId, access.workspaceId, input);
    }),

  update: protectedProcedure
    .input(sync(ZUpdateTaskInput))
    .output(sync(ZTask))
    .mutation(async ({ ctx, input }) => {
      const access = await authorizeTask(ctx.db, ctx.session, input.id, "task.write");
      return updateTask(ctx.db, access.userId, access.workspaceId, input);
    }),

  move: protectedProcedure
    .input(sync(ZMoveTaskInput))
    .output(sync(ZTask))
    .mutation(async ({ ctx, input }) => {
      if (input.afterId && input.beforeId) {
        throw new AppError("BAD_REQUEST", "Give either afterId or beforeId, not both.");
      }
      const access = await authorizeTask(ctx.db, ctx.session, input.id, "task.write");
      return moveTask(ctx.db, access.userId, access.workspaceId, input);
    }),

  bulkUpdate: protectedProcedure
    .input(sync(ZBulkUpdateInput))
    .output(sync(ZBulkUpdateOutput))
    .mutation(async ({ ctx, input }) => {
      // Every id must belong to one workspace the caller may write to.
      const first = await ctx.db.task.findUnique({ where: { id: input.ids[0]! }, select: { workspaceId: true } });
      const access = await authorize(ctx.db, ctx.session, first?.workspaceId, "task.write", "Task");
      return bulkUpdateTasks(ctx.db, access.userId, access.workspaceId, input);
    }),

  delete: protectedProcedure
    .input(sync(ZTaskIdInput))
    .output(sync(ZTask))
    .mutation(async ({ ctx, input }) => {
      const access = await authorizeTask(ctx.db, ctx.session, input.id, "task.write");
      return deleteTask(ctx.db, access.userId, access.workspaceId, input.id);
    }),

  restore: protectedProcedure
    .input(sync(ZTaskIdInput))
    .output(sync(ZTask))
    .mutation(async ({ ctx, input }) => {
      const access = await authorizeTask(ctx.db, ctx.session, input.id, "task.write");
      return restoreTask(ctx.db, access.userId, access.workspaceId, input.id);
    }),

  trash: protectedProcedure
    .input(sync(ZListTrashInput))
    .output(sync(ZListTrashOutput))
    .query(async ({ ctx, input }) => {
      await authorizeProject(ctx.db, ctx.session, input.projectId, "workspace.read");
      const page = await listTasks(ctx.db, { ...input, sort: "updated", trash: true });
      return { items: page.items.map((t) => ({ ...t, deletedAt: t.deletedAt! })), nextCursor: page.nextCursor };
    }),

  purgeTrash: protectedProcedure
    .input(sync(ZProjectIdInput))
    .output(sync(ZPurgeOutput))
    .mutation(async ({ ctx, input }) => {
      const access = await authorizeProject(ctx.db, ctx.session, input.projectId, "trash.purge");
      return purgeTrash(ctx.db, { workspaceId: access.workspaceId, projectId: input.projectId });
    }),
});
