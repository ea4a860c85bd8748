import { createCallerFactory, createTRPCRouter } from "~/server/api/trpc";
import { accountRouter } from "~/server/api/routers/account/router";
import { authRouter } from "~/server/api/routers/auth/router";
import { backupRouter } from "~/server/api/routers/backup/router";
import { activityRouter } from "~/server/api/routers/activity/router";
import { attachmentRouter } from "~/server/api/routers/attachment/router";
import { commentRouter } from "~/server/api/routers/comment/router";
import { healthRouter } from "~/server/api/routers/health/router";
import { labelRouter } from "~/server/api/routers/label/router";
import { notificationRouter } from "~/server/api/routers/notification/router";
import { liveRouter } from "~/server/api/routers/live/router";
import { projectRouter } from "~/server/api/routers/project/router";
import { taskRouter } from "~/server/api/routers/task/router";
import { workspaceRouter } from "~/server/api/routers/workspace/router";

export const appRouter = createTRPCRouter({
  health: healthRouter,
  auth: authRouter,
  account: accountRouter,
  workspace: workspaceRouter,
  project: projectRouter,
  task: taskRouter,
  label: labelRouter,
  comment: commentRouter,
  attachment: attachmentRouter,
  activity: activityRouter,
  backup: backupRouter,
  live: liveRouter,
  notification: notificationRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
