import type { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/server/errors";

type Tx = Prisma.TransactionClient;

// What a task refers to (its assignee, labels and parent) must exist in the task's own workspace.
export async function assertAssignable(tx: Tx, workspaceId: string, assigneeId: string | null | undefined) {
  if (!assigneeId) return;
  const member = await tx.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: assigneeId } },
    select: { role: true },
  });
  if (!member) throw new AppError("BAD_REQUEST", "The assignee is not a member of this workspace.");
}

export async function assertLabels(tx: Tx, workspaceId: string, labelIds: string[] | undefined) {
  if (!labelIds?.length) return;
  const found = await tx.label.count({ where: { workspaceId, id: { in: labelIds } } });
  if (found !== labelIds.length)
    throw new AppError("BAD_REQUEST", "One or more labels do not exist in this workspace.");
}

export async function assertParent(
  tx: Tx,
  workspaceId: string,
  projectId: string,
  parentId: string | null | undefined,
  selfId?: string,
) {
  if (!parentId) return;
  if (parentId === selfId) throw new AppError("BAD_REQUEST", "A task cannot be its own parent.");
  const parent = await tx.task.findFirst({
    where: { id: parentId, workspaceId, projectId, deletedAt: null },
    select: { parentId: true },
  });
  if (!parent) throw new AppError("BAD_REQUEST", "The parent task does not exist in this project.");
  // One level of subtasks: a subtask cannot have subtasks of its own.
  if (parent.parentId) throw new AppError("BAD_REQUEST", "Subtasks cannot have subtasks.");
  if (selfId) {
    const children = await tx.task.count({ where: { workspaceId, parentId: selfId, deletedAt: null } });
    if (children > 0) throw new AppError("BAD_REQUEST", "A task with subtasks cannot become a subtask.");
  }
}
