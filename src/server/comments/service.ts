import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { can } from "~/server/access/permissions";
import type { Access } from "~/server/access/access";
import { recordActivity } from "~/server/activity/service";
import { recordEvents } from "~/server/live/events";
import { notifyComment, notifyMentions } from "~/server/notifications/hooks";

const COMMENT_SELECT = {
  id: true,
  taskId: true,
  body: true,
  createdAt: true,
  editedAt: true,
  author: { select: { id: true, name: true, email: true } },
} as const;

export async function listComments(db: Db, access: Access, taskId: string) {
  const task = await db.task.findFirst({
    where: { id: taskId, workspaceId: access.workspaceId },
    select: { id: true },
  });
  if (!task) throw new AppError("NOT_FOUND", "Task not found.");
  return db.comment.findMany({ where: { taskId }, select: COMMENT_SELECT, orderBy: { createdAt: "asc" }, take: 500 });
}

export async function addComment(db: Db, access: Access, taskId: string, body: string) {
  return db.$transaction(async (tx) => {
    const task = await tx.task.findFirst({
      where: { id: taskId, workspaceId: access.workspaceId, deletedAt: null },
      select: { projectId: true },
    });
    if (!task) throw new AppError("NOT_FOUND", "Task not found.");
    const comment = await tx.comment.create({
      data: { taskId, authorId: access.userId, body },
      select: COMMENT_SELECT,
    });
    await recordActivity(tx, [
      {
        workspaceId: access.workspaceId,
        projectId: task.projectId,
        taskId,
        actorId: access.userId,
        action: "comment.added",
        toValue: comment.id,
      },
    ]);
    await notifyComment(tx, {
      workspaceId: access.workspaceId,
      taskId,
      commentId: comment.id,
      actorId: access.userId,
      body,
    });
    await recordEvents(tx, [
      { projectId: task.projectId, kind: "comment.added", taskId, entityId: comment.id, actorId: access.userId },
    ]);
    return comment;
  });
}

async function findComment(db: Db, workspaceId: string, commentId: string) {
  const comment = await db.comment.findFirst({
    where: { id: commentId, task: { workspaceId } },
    select: { authorId: true, taskId: true, body: true, task: { select: { projectId: true } } },
  });
  if (!comment) throw new AppError("NOT_FOUND", "Comment not found.");
  return comment;
}

export async function editComment(db: Db, access: Access, commentId: string, body: string) {
  const comment = await findComment(db, access.workspaceId, commentId);
  if (comment.authorId !== access.userId) throw new AppError("FORBIDDEN", "You can only edit your own comments.");
  return db.$transaction(async (tx) => {
    const edited = await tx.comment.update({
      where: { id: commentId, task: { workspaceId: access.workspaceId } },
      data: { body, editedAt: new Date() },
      select: COMMENT_SELECT,
    });
    await notifyMentions(tx, {
      workspaceId: access.workspaceId,
      taskId: comment.taskId,
      actorId: access.userId,
      before: comment.body,
      after: body,
      commentId,
    });
    await recordEvents(tx, [
      {
        projectId: comment.task.projectId,
        kind: "comment.edited",
        taskId: comment.taskId,
        entityId: commentId,
        fields: ["body"],
        actorId: access.userId,
      },
    ]);
    return edited;
  });
}

export async function deleteComment(db: Db, access: Access, commentId: string) {
  const comment = await findComment(db, access.workspaceId, commentId);
  if (comment.authorId !== access.userId && !can(access.role, "comment.moderate")) {
    throw new AppError("FORBIDDEN", "You can only delete your own comments.");
  }
  await db.$transaction(async (tx) => {
    await tx.comment.delete({ where: { id: commentId, task: { workspaceId: access.workspaceId } } });
    await recordActivity(tx, [
      {
        workspaceId: access.workspaceId,
        projectId: comment.task.projectId,
        taskId: comment.taskId,
        actorId: access.userId,
        action: "comment.deleted",
        fromValue: commentId,
      },
    ]);
    await recordEvents(tx, [
      {
        projectId: comment.task.projectId,
        kind: "comment.deleted",
        taskId: comment.taskId,
        entityId: commentId,
        actorId: access.userId,
      },
    ]);
  });
  return { ok: true as const };
}
