import { z } from "zod";
import { emailLinks } from "~/server/api/email-links";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { authorize } from "~/server/access/access";
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

  get: protectedProcedure
    .input(sync(ZWorkspaceIdInput))
    .output(sync(ZWorkspace))
    .query(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "workspace.read");
      const workspaces = await listMyWorkspaces(ctx.db, ctx.session.user.id);
      return workspaces.find((w) => w.id === access.workspaceId)!;
    }),

  rename: protectedProcedure
    .input(sync(ZRenameWorkspaceInput))
    .output(sync(ZWorkspace))
    .mutation(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "workspace.manage");
      return renameWorkspace(ctx.db, access, input.name);
    }),

  members: protectedProcedure
    .input(sync(ZWorkspaceIdInput))
    .output(sync(ZMembersOutput))
    .query(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "workspace.read");
      return listMembers(ctx.db, access.workspaceId);
    }),

  invite: protectedProcedure
    .input(sync(ZInviteMemberInput))
    .output(sync(ZInviteMemberOutput))
    .mutation(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "member.manage");
      await limitInvitations(access.userId, input.email);
      return inviteMember(ctx.db, access, emailLinks(ctx.headers), input);
    }),

  revokeInvitation: protectedProcedure
    .input(sync(ZRevokeInvitationInput))
    .output(sync(ZOk))
    .mutation(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "member.manage");
      return revokeInvitation(ctx.db, access, input.invitationId);
    }),

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

  changeRole: protectedProcedure
    .input(sync(ZChangeRoleInput))
    .output(sync(ZMember))
    .mutation(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "member.manage");
      return changeRole(ctx.db, access, input);
    }),

  removeMember: protectedProcedure
    .input(sync(ZRemoveMemberInput))
    .output(sync(ZOk))
    .mutation(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "member.manage");
      return removeMember(ctx.db, access, input.userId);
    }),

  leave: protectedProcedure
    .input(sync(ZWorkspaceIdInput))
    .output(sync(ZOk))
    .mutation(async ({ ctx, input }) => {
      const access = await authorize(ctx.db, ctx.session, input.workspaceId, "workspace.read");
      return removeMember(ctx.db, access, access.userId);
    }),
});
