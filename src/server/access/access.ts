import { Prisma } from "~/generated/prisma/client";
import { sqlRows, type Db } from "~/server/db";
import type { Role } from "~/generated/prisma/enums";
import { cached, membersNamespace, noteWorkspace } from "~/server/cache";
import { AppError } from "~/server/errors";
import { can, type Permission } from "./permissions";

export type Access = { workspaceId: string; userId: string; role: Role };

const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found.`);

// Checked on every call, so it is cached; membership changes bump the workspace's members version.
export function findRole(db: Db, userId: string, workspaceId: string): Promise<Role | null> {
  return cached(membersNamespace(workspaceId), userId, async () => {
    const [membership] = await sqlRows<{ role: Role }>(
      db,
      Prisma.sql`SELECT role FROM memberships WHERE workspace_id = ${workspaceId} AND user_id = ${userId}`,
    );
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

// A project or task never changes workspace, so where it lives is remembered in this process.
const homes = new Map<string, string>();
const MAX_HOMES = 100_000;

async function workspaceOf(db: Db, table: "projects" | "tasks", id: string): Promise<string | null> {
  const key = `${table}:${id}`;
  const known = homes.get(key);
  if (known) return known;
  const [row] = await sqlRows<{ workspace_id: string }>(
    db,
    Prisma.sql`SELECT workspace_id FROM ${Prisma.raw(table)} WHERE id = ${id}`,
  );
  if (!row) return null;
  if (homes.size >= MAX_HOMES) homes.clear();
  homes.set(key, row.workspace_id);
  return row.workspace_id;
}

export async function authorizeProject(db: Db, userId: string, projectId: string, permission: Permission) {
  return authorize(db, userId, await workspaceOf(db, "projects", projectId), permission, "Project");
}

export async function authorizeTask(db: Db, userId: string, taskId: string, permission: Permission) {
  return authorize(db, userId, await workspaceOf(db, "tasks", taskId), permission, "Task");
}
