import { z } from "zod";
import { emailLinks } from "~/server/api/email-links";
import { createTRPCRouter, protectedProcedure, workspaceProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { AppError } from "~/server/errors";
import { rateLimiters } from "~/server/ratelimit";
import {
  acceptInvitation,
  declineInvitation,
  findInvitation,
  inviteMember,
  listMyInvitations,
  revokeInvitation,
} from "~/server/workspaces/invitations";
import {
  changeRole,
  createWorkspace,
  getWorkspace,
  listMembers,
  listMyWorkspaces,
  removeMember,
  renameWorkspace,
} from "~/server/workspaces/service";
import { ZOk } from "../common.schema";
import {
  ZAcceptInvitationInput,
  ZChangeRoleInput,
  ZCreateWorkspaceInput,
  ZInvitationIdInput,
  ZInvitationTokenInput,
  ZInviteMemberInput,
  ZInviteMemberOutput,
  ZMember,
  ZMembersOutput,
  ZPendingInvitation,
  ZRemoveMemberInput,
  ZRenameWorkspaceInput,
  ZRevokeInvitationInput,
  ZWorkspace,
  ZWorkspaceIdInput,
} from "./schema";

// Each invitation sends an email, so invitations share the email budget: a few a minute per inviter,
// and per address together with sign-up, verification and reset emails, so no workspace can be used
// to fill a stranger's inbox.
async function limitInvitations(actorId: string, email: string) {
  const limiter = rateLimiters().reset;
  const byInviter = await limiter.limit(`invite:${actorId}`);
  const byAddress = byInviter.success ? await limiter.limit(`email:${email}`) : byInviter;
  if (!byAddress.success) {
    const { retryAfterSeconds } = byAddress;
    throw new AppError("TOO_MANY_REQUESTS", `Too many invitations sent. Try again in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
}

export const workspaceRouter = createTRPCRouter({
  create: protectedProcedure
    .input(sync(ZCreateWorkspaceInput))
    .output(sync(ZWorkspace))
    .mutation(({ ctx, input }) => createWorkspace(ctx.db, ctx.session.user.id, input)),

  list: protectedProcedure
    .output(sync(z.array(ZWorkspace)))
    .query(({ ctx }) => listMyWorkspaces(ctx.db, ctx.session.user.id)),

  get: workspaceProcedure("workspace.read", sync(ZWorkspaceIdInput))
    .output(sync(ZWorkspace))
    .query(({ ctx }) => getWorkspace(ctx.db, ctx.access)),

  rename: workspaceProcedure("workspace.manage", sync(ZRenameWorkspaceInput))
    .output(sync(ZWorkspace))
    .mutation(({ ctx, input }) => renameWorkspace(ctx.db, ctx.access, input.name)),

  members: workspaceProcedure("workspace.read", sync(ZWorkspaceIdInput))
    .output(sync(ZMembersOutput))
    .query(({ ctx }) => listMembers(ctx.db, ctx.access)),

  invite: workspaceProcedure("member.manage", sync(ZInviteMemberInput))
    .output(sync(ZInviteMemberOutput))
    .mutation(async ({ ctx, input }) => {
      await limitInvitations(ctx.access.userId, input.email);
      return inviteMember(ctx.db, ctx.access, emailLinks(ctx.headers), input);
    }),

  revokeInvitation: workspaceProcedure("member.manage", sync(ZRevokeInvitationInput))
    .output(sync(ZOk))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.db, ctx.access, input.invitationId)),

  // The invitations waiting for the caller's (confirmed) address, in any workspace.
  myInvitations: protectedProcedure
    .output(sync(z.array(ZPendingInvitation)))
    .query(({ ctx }) => listMyInvitations(ctx.db, ctx.session.user.id)),

  // The invitation behind an emailed link, for the page that asks whether to accept it.
  invitation: protectedProcedure
    .input(sync(ZInvitationTokenInput))
    .output(sync(ZPendingInvitation))
    .query(({ ctx, input }) => findInvitation(ctx.db, ctx.session.user.id, input.token)),

  acceptInvitation: protectedProcedure
    .input(sync(ZAcceptInvitationInput))
    .output(sync(ZWorkspace))
    .mutation(({ ctx, input }) => acceptInvitation(ctx.db, ctx.session.user.id, input)),

  declineInvitation: protectedProcedure
    .input(sync(ZInvitationIdInput))
    .output(sync(ZOk))
    .mutation(({ ctx, input }) => declineInvitation(ctx.db, ctx.session.user.id, input.invitationId)),

  changeRole: workspaceProcedure("member.manage", sync(ZChangeRoleInput))
    .output(sync(ZMember))
    .mutation(({ ctx, input }) => changeRole(ctx.db, ctx.access, input)),

  removeMember: workspaceProcedure("member.manage", sync(ZRemoveMemberInput))
    .output(sync(ZOk))
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.access, input.userId)),

  leave: workspaceProcedure("workspace.read", sync(ZWorkspaceIdInput))
    .output(sync(ZOk))
    .mutation(({ ctx }) => removeMember(ctx.db, ctx.access, ctx.access.userId)),
});
