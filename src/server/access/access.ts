import { Prisma } from "~/generated/prisma/client";
import { sqlRows, type Db } from "~/server/db";
import type { Role } from "~/generated/prisma/enums";
import { cached, membersNamespace, noteWorkspace } from "~/server/cache";
import { AppError } from "~/server/errors";
import type { Memberships } from "./memberships";
import { can, type Permission } from "./permissions";

export type Access = { workspaceId: string; userId: string; role: Role };

/** Who is asking: a user, with their memberships when these were read along with their credential. */
export type Actor = { user: { id: string }; memberships?: Memberships | null };

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

// The role as of this request: from the memberships read with the credential, else from the database.
function roleOf(db: Db, actor: Actor, workspaceId: string): Role | null | Promise<Role | null> {
  if (actor.memberships) return actor.memberships.get(workspaceId) ?? null;
  return findRole(db, actor.user.id, workspaceId);
}

// A caller who is not a member learns nothing: the workspace, and everything in it, is "not found".
export async function authorize(
  db: Db,
  actor: Actor,
  workspaceId: string | null | undefined,
  permission: Permission,
  what = "Workspace",
): Promise<Access> {
  const userId = actor.user.id;
  const role = workspaceId ? await roleOf(db, actor, workspaceId) : null;
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

export async function authorizeProject(db: Db, actor: Actor, projectId: string, permission: Permission) {
  return authorize(db, actor, await workspaceOf(db, "projects", projectId), permission, "Project");
}

export async function authorizeTask(db: Db, actor: Actor, taskId: string, permission: Permission) {
  return authorize(db, actor, await workspaceOf(db, "tasks", taskId), permission, "Task");
}
