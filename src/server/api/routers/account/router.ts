import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { changePassword, listSessions, revokeSession, signOutEverywhere, updateProfile } from "~/server/auth/accounts";
import { createApiToken, listApiTokens, revokeApiToken } from "~/server/auth/api-tokens";
import { AppError } from "~/server/errors";
import { ZOk } from "../common.schema";
import {
  ZApiToken,
  ZChangePasswordInput,
  ZCreateTokenInput,
  ZCreateTokenOutput,
  ZIdInput,
  ZMe,
  ZRevokedOutput,
  ZSession,
  ZUpdateProfileInput,
} from "./schema";

export const accountRouter = createTRPCRouter({
  me: protectedProcedure.output(ZMe).query(async ({ ctx }) => {
    const user = await ctx.db.user.findUnique({
      where: { id: ctx.session.user.id },
      select: { id: true, email: true, name: true, emailVerified: true },
    });
    if (!user) throw new AppError("UNAUTHORIZED", "Your account no longer exists.");
    return user;
  }),

  updateProfile: protectedProcedure
    .input(ZUpdateProfileInput)
    .output(ZMe)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.session.user.id, input.name)),

  // Signs out every other session; the one making the change stays signed in.
  changePassword: protectedProcedure
    .input(ZChangePasswordInput)
    .output(ZOk)
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.session.user.id, ctx.session.sessionId, input)),

  signOutEverywhere: protectedProcedure
    .output(ZRevokedOutput)
    .mutation(({ ctx }) => signOutEverywhere(ctx.db, ctx.session.user.id, ctx.session.sessionId)),

  sessions: protectedProcedure.output(z.array(ZSession)).query(async ({ ctx }) => {
    const sessions = await listSessions(ctx.db, ctx.session.user.id);
    return sessions.map((s) => ({ ...s, current: s.id === ctx.session.sessionId }));
  }),

  revokeSession: protectedProcedure
    .input(ZIdInput)
    .output(ZOk)
    .mutation(({ ctx, input }) => revokeSession(ctx.db, ctx.session.user.id, input.id)),

  tokens: protectedProcedure.output(z.array(ZApiToken)).query(({ ctx }) => listApiTokens(ctx.db, ctx.session.user.id)),

  // The secret is returned once, here, and never again.
  createToken: protectedProcedure
    .input(ZCreateTokenInput)
    .output(ZCreateTokenOutput)
    .mutation(({ ctx, input }) =>
      createApiToken(ctx.db, ctx.session.user.id, {
        name: input.name,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      }),
    ),

  revokeToken: protectedProcedure
    .input(ZIdInput)
    .output(ZOk)
    .mutation(({ ctx, input }) => revokeApiToken(ctx.db, ctx.session.user.id, input.id)),
});
