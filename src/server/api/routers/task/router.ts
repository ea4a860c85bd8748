import {
  createTRPCRouter,
  projectProcedure,
  scopedProcedure,
  taskProcedure,
  workspaceProcedure,
} from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { cached, cacheKey, tasksNamespace } from "~/server/cache";
import { AppError } from "~/server/errors";
import { bulkUpdateTasks } from "~/server/tasks/bulk";
import { getTaskById, getTaskByRef } from "~/server/tasks/detail";
import { listTasks } from "~/server/tasks/list";
import { listMyTasks } from "~/server/tasks/mine";
import { createTask, deleteTask, moveTask, purgeProjectTrash, restoreTask, updateTask } from "~/server/tasks/service";
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
  ZMyTasksInput,
  ZMyTasksOutput,
  ZPurgeOutput,
  ZTask,
  ZTaskIdInput,
  ZUpdateTaskInput,
} from "./schema";

export const taskRouter = createTRPCRouter({
  list: projectProcedure("workspace.read", sync(ZListTasksInput))
    .output(sync(ZListTasksOutput))
    .query(({ ctx, input }) => {
      const { direction: _direction, ...query } = input;
      return cached(
        tasksNamespace(ctx.access.workspaceId),
        () => cacheKey(["tasks", query]),
        () => listTasks(ctx.db, ctx.access, query),
      );
    }),

  // The caller's own tasks in a workspace, across its projects that are not archived.
  mine: workspaceProcedure("workspace.read", sync(ZMyTasksInput))
    .output(sync(ZMyTasksOutput))
    .query(({ ctx, input }) => {
      const { direction: _direction, workspaceId: _workspaceId, ...query } = input;
      return cached(
        tasksNamespace(ctx.access.workspaceId),
        () => cacheKey(["mine", ctx.access.userId, query]),
        () => listMyTasks(ctx.db, ctx.access, query),
      );
    }),

  // By id, or by its reference (PROJ-12) within a workspace.
  get: scopedProcedure("workspace.read", sync(ZGetTaskInput), (input) =>
    "id" in input ? ["task", input.id] : ["workspace", input.workspaceId],
  )
    .output(sync(ZTask))
    .query(({ ctx, input }) =>
      "id" in input ? getTaskById(ctx.db, ctx.access, input.id) : getTaskByRef(ctx.db, ctx.access, input.ref),
    ),

  create: projectProcedure("task.write", sync(ZCreateTaskInput))
    .output(sync(ZTask))
    .mutation(({ ctx, input }) => createTask(ctx.db, ctx.access, input)),

  update: taskProcedure("task.write", sync(ZUpdateTaskInput))
    .output(sync(ZTask))
    .mutation(({ ctx, input }) => updateTask(ctx.db, ctx.access, input)),

  move: taskProcedure("task.write", sync(ZMoveTaskInput))
    .output(sync(ZTask))
    .mutation(({ ctx, input }) => {
      if (input.afterId && input.beforeId) {
        throw new AppError("BAD_REQUEST", "Give either afterId or beforeId, not both.");
      }
      return moveTask(ctx.db, ctx.access, input);
    }),

  // Access is checked in the first task's workspace; the update refuses, as a whole, any id outside it.
  bulkUpdate: scopedProcedure("task.write", sync(ZBulkUpdateInput), (input) => ["task", input.ids[0]!])
    .output(sync(ZBulkUpdateOutput))
    .mutation(({ ctx, input }) => bulkUpdateTasks(ctx.db, ctx.access, input)),

  delete: taskProcedure("task.write", sync(ZTaskIdInput))
    .output(sync(ZTask))
    .mutation(({ ctx, input }) => deleteTask(ctx.db, ctx.access, input.id)),

  restore: taskProcedure("task.write", sync(ZTaskIdInput))
    .output(sync(ZTask))
    .mutation(({ ctx, input }) => restoreTask(ctx.db, ctx.access, input.id)),

  trash: projectProcedure("workspace.read", sync(ZListTrashInput))
    .output(sync(ZListTrashOutput))
    .query(async ({ ctx, input }) => {
      const page = await listTasks(ctx.db, ctx.access, { ...input, sort: "updated", trash: true });
      return { items: page.items.map((t) => ({ ...t, deletedAt: t.deletedAt! })), nextCursor: page.nextCursor };
    }),

  purgeTrash: projectProcedure("trash.purge", sync(ZProjectIdInput))
    .output(sync(ZPurgeOutput))
    .mutation(({ ctx, input }) => purgeProjectTrash(ctx.db, ctx.access, input.projectId)),
});
