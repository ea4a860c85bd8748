import type { Role } from "~/generated/prisma/enums";
import type { Access } from "~/server/access/access";
import { recordActivity } from "~/server/activity/service";
import { recordWorkspaceEvent } from "~/server/live/events";
import type { Links } from "~/server/auth/accounts";
import { hashToken } from "~/server/auth/api-tokens";
import { newLinkSecret } from "~/server/auth/link-secret";
import { bumpVersions, membersNamespace } from "~/server/cache";
import type { Db } from "~/server/db";
import { AppError } from "~/server/errors";
import { sendMailAfterResponse } from "~/server/mail/mailer";
import { invitationMail } from "~/server/mail/templates";
import { assertMayAssign } from "./service";

export const INVITATION_DAYS = 14;
const DAY_MS = 86_400_000;
const ROLE_PHRASE: Record<Role, string> = {
  OWNER: "an owner",
  ADMIN: "an admin",
  MEMBER: "a member",
  VIEWER: "a viewer",
};

export const invitationPath = (secret: string) => `/invitations/accept?token=${secret}`;

// An invitation is sent to an address, whether or not it has an account, and answers the inviter the
// same either way: the pending invitation, as the member list shows it. The invitee joins only by
// accepting. An address that is already a member is refused; admins see the member list anyway.
export async function inviteMember(db: Db, actor: Access, links: Links, args: { email: string; role: Role }) {
  assertMayAssign(actor, null, args.role);
  const where = { workspaceId_email: { workspaceId: actor.workspaceId, email: args.email } };
  const [member, pending] = await Promise.all([
    db.membership.findFirst({
      where: { workspaceId: actor.workspaceId, user: { email: args.email } },
      select: { id: true },
    }),
    db.invitation.findUnique({ where, select: { role: true, acceptedAt: true } }),
  ]);
  if (member) throw new AppError("CONFLICT", "That person is already a member.");
  // Sending again replaces the pending invitation, so re-inviting an owner is for owners too.
  if (pending && !pending.acceptedAt) assertMayAssign(actor, pending.role, args.role);

  // Sending again makes a new link: the earlier email's link stops working.
  const { secret, tokenHash } = newLinkSecret();
  const fields = {
    role: args.role,
    tokenHash,
    invitedById: actor.userId,
    expiresAt: new Date(Date.now() + INVITATION_DAYS * DAY_MS),
  };
  const invitation = await db.invitation.upsert({
    where,
    update: { ...fields, acceptedAt: null },
    create: { ...fields, workspaceId: actor.workspaceId, email: args.email },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      workspace: { select: { name: true } },
      invitedBy: { select: { name: true, email: true } },
    },
  });
  sendMailAfterResponse(
    invitationMail(args.email, {
      workspace: invitation.workspace.name,
      invitedBy: invitation.invitedBy?.name ?? invitation.invitedBy?.email ?? "Someone",
      role: ROLE_PHRASE[args.role],
      url: `${links.appUrl}${invitationPath(secret)}`,
      days: INVITATION_DAYS,
    }),
  );
  return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt };
}

export async function revokeInvitation(db: Db, actor: Access, invitationId: string) {
  const where = { id: invitationId, workspaceId: actor.workspaceId, acceptedAt: null };
  const invitation = await db.invitation.findFirst({ where, select: { role: true } });
  if (!invitation) throw new AppError("NOT_FOUND", "Invitation not found.");
  assertMayAssign(actor, invitation.role, "VIEWER");
  const { count } = await db.invitation.deleteMany({ where });
  if (count !== 1) throw new AppError("NOT_FOUND", "Invitation not found.");
  return { ok: true as const };
}

// The address invitations are matched on: the account's, once it is confirmed.
async function verifiedEmail(db: Db, userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerified: true } });
  return user?.emailVerified ? user.email : null;
}

const FOR_INVITEE = {
  id: true,
  role: true,
  expiresAt: true,
  workspace: { select: { id: true, name: true } },
  invitedBy: { select: { name: true, email: true } },
} as const;

export async function listMyInvitations(db: Db, userId: string) {
  const email = await verifiedEmail(db, userId);
  if (!email) return [];
  return db.invitation.findMany({
    where: { email, acceptedAt: null, expiresAt: { gt: new Date() } },
    select: FOR_INVITEE,
    orderBy: { createdAt: "asc" },
  });
}

export type InvitationRef = { invitationId: string } | { token: string };

const notFound = (ref: InvitationRef) =>
  new AppError(
    "NOT_FOUND",
    "token" in ref
      ? "This invitation link is not valid: it was already used, sent again or withdrawn."
      : "Invitation not found. It may have been withdrawn.",
  );

// The caller's own open invitation. Whatever they may not know exists (an id that is not theirs, a
// link that was used or withdrawn) is NOT_FOUND; a link meant for another address says so, since
// whoever holds it was sent it.
async function findOwn(db: Db, userId: string, ref: InvitationRef) {
  const [email, invitation] = await Promise.all([
    verifiedEmail(db, userId),
    db.invitation.findUnique({
      where: "token" in ref ? { tokenHash: hashToken(ref.token) } : { id: ref.invitationId },
      select: {
        ...FOR_INVITEE,
        email: true,
        acceptedAt: true,
        workspace: { select: { ...FOR_INVITEE.workspace.select, slug: true, createdAt: true } },
      },
    }),
  ]);
  if (!invitation || invitation.acceptedAt) throw notFound(ref);
  if (invitation.email !== email) {
    if (!("token" in ref)) throw notFound(ref);
    throw new AppError(
      "FORBIDDEN",
      "This invitation was sent to another email address. Sign in with that address to accept it.",
    );
  }
  if (invitation.expiresAt <= new Date()) {
    throw new AppError("BAD_REQUEST", "This invitation has expired. Ask whoever invited you to send a new one.");
  }
  return invitation;
}

export async function findInvitation(db: Db, userId: string, token: string) {
  const { id, role, expiresAt, workspace, invitedBy } = await findOwn(db, userId, { token });
  return { id, role, expiresAt, workspace: { id: workspace.id, name: workspace.name }, invitedBy };
}

export async function acceptInvitation(db: Db, userId: string, ref: InvitationRef) {
  const invitation = await findOwn(db, userId, ref);
  const { workspace } = invitation;
  const role = await db.$transaction(async (tx) => {
    // Claimed in the statement that checks it is still open: two accepts of one link cannot both pass,
    // and a withdrawn or re-sent invitation is not accepted after all.
    const { count } = await tx.invitation.updateMany({
      where: {
        id: invitation.id,
        acceptedAt: null,
        expiresAt: { gt: new Date() },
        ...("token" in ref ? { tokenHash: hashToken(ref.token) } : {}),
      },
      data: { acceptedAt: new Date(), tokenHash: null },
    });
    if (count !== 1) throw notFound(ref);
    const membership = await tx.membership.upsert({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId } },
      update: {},
      create: { workspaceId: workspace.id, userId, role: invitation.role },
      select: { role: true },
    });
    await recordActivity(tx, [
      {
        workspaceId: workspace.id,
        projectId: null,
        taskId: null,
        actorId: userId,
        action: "member.added",
        toValue: `${invitation.email}:${membership.role}`,
      },
    ]);
    await recordWorkspaceEvent(tx, workspace.id, { kind: "member.added", entityId: userId, actorId: userId });
    return membership.role;
  });
  // Roles are cached per workspace; no authorize() call noted this one, so it is bumped here.
  await bumpVersions([membersNamespace(workspace.id)]);
  return { id: workspace.id, name: workspace.name, slug: workspace.slug, createdAt: workspace.createdAt, role };
}

export async function declineInvitation(db: Db, userId: string, invitationId: string) {
  const email = await verifiedEmail(db, userId);
  const { count } = email
    ? await db.invitation.deleteMany({ where: { id: invitationId, email, acceptedAt: null } })
    : { count: 0 };
  if (count !== 1) throw notFound({ invitationId });
  return { ok: true as const };
}
