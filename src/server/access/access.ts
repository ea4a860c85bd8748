import type { Db } from "~/server/db";
import type { Role } from "~/generated/prisma/enums";
import { cached, membersNamespace, noteWorkspace } from "~/server/cache";
import { AppError } from "~/server/errors";
import { can, type Permission } from "./permissions";

export type Access = { workspaceId: string; userId: string; role: Role };

const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found.`);

// Checked on every call, so it is cached; membership changes bump the workspace's members version.
export function findRole(db: Db, userId: string, workspaceId: string): Promise<Role | null> {
  return cached(membersNamespace(workspaceId), userId, async () => {
    const membership = await db.membership.findUnique({
      where: { workspaceId_userId: { workspaceId, userId } },
      select: { role: true },
    });
    return membership?.role ?? null;
  });
}

// A caller who is not a member learns nothing: the workspace, and everything in it, is "not found".
export async function authorize(
  db: Db,
  userId: string,
  workspaceId: string | null | undefined,
  permission: Permission,
  what = "Workspace",
): Promise<Access> {
  const role = workspaceId ? await findRole(db, userId, workspaceId) : null;
  if (!workspaceId || !role) throw notFound(what);
  noteWorkspace(workspaceId);
  if (!can(role, permission)) {
    throw new AppError("FORBIDDEN", "You do not have permission to do that in this workspace.");
  }
  return { workspaceId, userId, role };
}

export async function authorizeProject(db: Db, userId: string, projectId: string, permission: Permission) {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { workspaceId: true } });
  return authorize(db, userId, project?.workspaceId, permission, "Project");
}

export async function authorizeTask(db: Db, userId: string, taskId: string, permission: Permission) {
  const task = await db.task.findUnique({ where: { id: taskId }, select: { workspaceId: true } });
  return authorize(db, userId, task?.workspaceId, permission, "Task");
}
