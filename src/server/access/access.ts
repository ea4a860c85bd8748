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

/** What a procedure's input can name; each lives in exactly one workspace. */
export type Entity = "workspace" | "project" | "task" | "label" | "comment" | "attachment";
export type EntityRef = readonly [Entity, string];

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
// The workspace is noted for the request, so a successful write invalidates its cached reads.
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

const HOME_QUERIES: Record<Exclude<Entity, "workspace">, (id: string) => Prisma.Sql> = {
  project: (id) => Prisma.sql`SELECT workspace_id FROM projects WHERE id = ${id}`,
  task: (id) => Prisma.sql`SELECT workspace_id FROM tasks WHERE id = ${id}`,
  label: (id) => Prisma.sql`SELECT workspace_id FROM labels WHERE id = ${id}`,
  comment: (id) =>
    Prisma.sql`SELECT t.workspace_id FROM comments c JOIN tasks t ON t.id = c.task_id WHERE c.id = ${id}`,
  // Only an attachment still on a task: a removed one, or one whose task was purged, is not found.
  attachment: (id) =>
    Prisma.sql`SELECT workspace_id FROM attachments WHERE id = ${id} AND task_id IS NOT NULL AND state <> 'DELETED'`,
};

// A project or task never changes workspace, so where it lives is remembered in this process.
// Labels and comments are looked up each time: one that is gone stays "not found" for everyone.
const homes = new Map<string, string>();
const MAX_HOMES = 100_000;
const REMEMBERED = new Set<Entity>(["project", "task"]);

/** The one answer to "which workspace is this entity in": null when it does not exist. */
export async function workspaceOf(db: Db, entity: Entity, id: string): Promise<string | null> {
  if (entity === "workspace") return id;
  const key = `${entity}:${id}`;
  const known = homes.get(key);
  if (known) return known;
  const [row] = await sqlRows<{ workspace_id: string }>(db, HOME_QUERIES[entity](id));
  if (!row) return null;
  if (REMEMBERED.has(entity)) {
    if (homes.size >= MAX_HOMES) homes.clear();
    homes.set(key, row.workspace_id);
  }
  return row.workspace_id;
}

const WHAT: Record<Entity, string> = {
  workspace: "Workspace",
  project: "Project",
  task: "Task",
  label: "Label",
  comment: "Comment",
  attachment: "Attachment",
};

// Access to the workspace the entity lives in; an entity that does not exist, or lives in a workspace
// the caller is not in, is "not found" alike.
export async function authorizeEntity(db: Db, actor: Actor, [entity, id]: EntityRef, permission: Permission) {
  return authorize(db, actor, await workspaceOf(db, entity, id), permission, WHAT[entity]);
}
