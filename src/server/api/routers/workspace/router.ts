import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { authorize } from "~/server/access/access";
import {
  changeRole,
  createWorkspace,
  inviteMember,
  listMembers,
  listMyWorkspaces,
  removeMember,
  renameWorkspace,
} from "~/server/workspaces/service";
import { ZOk } from "../common.schema";
import {
  ZChangeRoleInput,
  ZCreateWorkspaceInput,
  ZInviteMemberInput,
  ZInviteMemberOutput,
  ZMember,
  ZMembersOutput,
  ZRemoveMemberInput,
  ZRenameWorkspaceInput,
  ZWorkspace,
  ZWorkspaceIdInput,
} from "./schema";

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
      return inviteMember(ctx.db, access, input);
    }),

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
