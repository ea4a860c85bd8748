import { randomInt } from "node:crypto";
import type { Role } from "~/generated/prisma/enums";
import type { Access } from "~/server/access/access";
import { hasRole } from "~/server/access/permissions";
import { recordActivity } from "~/server/activity/service";
import { recordWorkspaceEvent } from "~/server/live/events";
import type { Db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors";

const WORKSPACE_SELECT = { id: true, name: true, slug: true, createdAt: true } as const;

function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 40)
    .replace(/^-+|-+$/g, "");
  return slug.length >= 2 ? slug : "workspace";
}

const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const randomSuffix = () => Array.from({ length: 6 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join("");

// Every address is the name (or the slug asked for) plus a random suffix, so creating a workspace
// says nothing about other tenants: a "taken" answer, or a suffix added only when the plain address
// exists, would let anyone probe which addresses other workspaces hold.
export async function createWorkspace(db: Db, actorId: string, args: { name: string; slug?: string }) {
  const base = slugify(args.slug ?? args.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const workspace = await db.workspace.create({
        data: {
          name: args.name,
          slug: `${base}-${randomSuffix()}`,
          memberships: { create: { userId: actorId, role: "OWNER" } },
        },
        select: WORKSPACE_SELECT,
      });
      return { ...workspace, role: "OWNER" as const };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  // 36^6 suffixes per name: five collisions in a row do not happen by chance.
  throw new Error("no free workspace address after five random suffixes");
}

export async function listMyWorkspaces(db: Db, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { role: true, workspace: { select: WORKSPACE_SELECT } },
    orderBy: { workspace: { name: "asc" } },
  });
  return memberships.map((m) => ({ ...m.workspace, role: m.role }));
}

export async function getWorkspace(db: Db, access: Access) {
  const workspace = await db.workspace.findUnique({ where: { id: access.workspaceId }, select: WORKSPACE_SELECT });
  if (!workspace) throw new AppError("NOT_FOUND", "Workspace not found.");
  return { ...workspace, role: access.role };
}

export async function renameWorkspace(db: Db, access: Access, name: string) {
  const workspace = await db.workspace.update({
    where: { id: access.workspaceId },
    data: { name },
    select: WORKSPACE_SELECT,
  });
  return { ...workspace, role: access.role };
}

const MEMBER_SELECT = {
  role: true,
  createdAt: true,
  user: { select: { id: true, name: true, email: true } },
} as const;

export async function listMembers(db: Db, { workspaceId }: Access) {
  const [members, invitations] = await Promise.all([
    db.membership.findMany({ where: { workspaceId }, select: MEMBER_SELECT, orderBy: { createdAt: "asc" } }),
    db.invitation.findMany({
      where: { workspaceId, acceptedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, email: true, role: true, expiresAt: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return {
    members: members.map((m) => ({ user: m.user, role: m.role, joinedAt: m.createdAt })),
    invitations,
  };
}

// Only an owner may hand out or take away ownership; admins manage everyone below them.
export function assertMayAssign(actor: Access, targetCurrent: Role | null, targetNext: Role) {
  if ((targetNext === "OWNER" || targetCurrent === "OWNER") && actor.role !== "OWNER") {
    throw new AppError("FORBIDDEN", "Only an owner can change who owns the workspace.");
  }
  if (!hasRole(actor.role, "ADMIN")) throw new AppError("FORBIDDEN", "Only admins manage members.");
}

async function countOwners(db: Pick<Db, "membership">, workspaceId: string) {
  return db.membership.count({ where: { workspaceId, role: "OWNER" } });
}

export async function changeRole(db: Db, actor: Access, args: { userId: string; role: Role }) {
  return db.$transaction(async (tx) => {
    // Lock the workspace's memberships so two demotions cannot both pass the last-owner check.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`members:${actor.workspaceId}`}, 0))`;
    const target = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: actor.workspaceId, userId: args.userId } },
      select: { role: true },
    });
    if (!target) throw new AppError("NOT_FOUND", "Member not found.");
    assertMayAssign(actor, target.role, args.role);
    if (target.role === "OWNER" && args.role !== "OWNER" && (await countOwners(tx, actor.workspaceId)) <= 1) {
      throw new AppError("BAD_REQUEST", "A workspace needs at least one owner. Make someone else an owner first.");
    }
    const updated = await tx.membership.update({
      where: { workspaceId_userId: { workspaceId: actor.workspaceId, userId: args.userId } },
      data: { role: args.role },
      select: MEMBER_SELECT,
    });
    await recordActivity(tx, [
      {
        workspaceId: actor.workspaceId,
        projectId: null,
        taskId: null,
        actorId: actor.userId,
        action: "member.role",
        field: args.userId,
        fromValue: target.role,
        toValue: args.role,
      },
    ]);
    await recordWorkspaceEvent(tx, actor.workspaceId, {
      kind: "member.role",
      entityId: args.userId,
      fields: ["role"],
      actorId: actor.userId,
    });
    return { user: updated.user, role: updated.role, joinedAt: updated.createdAt };
  });
}

// Removes a member (or, with userId = the actor, leaves). The last owner cannot go.
export async function removeMember(db: Db, actor: Access, userId: string) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`members:${actor.workspaceId}`}, 0))`;
    const target = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: actor.workspaceId, userId } },
      select: { role: true },
    });
    if (!target) throw new AppError("NOT_FOUND", "Member not found.");
    if (userId !== actor.userId) assertMayAssign(actor, target.role, "VIEWER");
    if (target.role === "OWNER" && (await countOwners(tx, actor.workspaceId)) <= 1) {
      throw new AppError("BAD_REQUEST", "The last owner cannot leave. Make someone else an owner first.");
    }
    await tx.membership.delete({ where: { workspaceId_userId: { workspaceId: actor.workspaceId, userId } } });
    await tx.task.updateMany({
      where: { workspaceId: actor.workspaceId, assigneeId: userId },
      data: { assigneeId: null },
    });
    await recordActivity(tx, [
      {
        workspaceId: actor.workspaceId,
        projectId: null,
        taskId: null,
        actorId: actor.userId,
        action: "member.removed",
        field: userId,
        fromValue: target.role,
      },
    ]);
    await recordWorkspaceEvent(tx, actor.workspaceId, {
      kind: "member.removed",
      entityId: userId,
      actorId: actor.userId,
    });
    return { ok: true as const };
  });
}
