import { z } from "zod";
import { createTRPCRouter, protectedProcedure, sessionProcedure, type Context } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { changePassword, updateProfile } from "~/server/auth/accounts";
import { createApiToken, listApiTokens, revokeApiToken } from "~/server/auth/api-tokens";
import { reissuedSessionCookie } from "~/server/auth/session";
import { listSessions, revokeSession, signOutOthers, type Session } from "~/server/auth/sessions";
import { AppError } from "~/server/errors";
import { rateLimiters } from "~/server/ratelimit";
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

// The session version changed: this browser gets a cookie under the new one and stays signed in.
async function keepCurrentSession(ctx: Context & { session: Session }, sessionVersion: number) {
  if (!ctx.session.sessionId) return;
  const cookie = await reissuedSessionCookie(ctx.db, ctx.headers, ctx.session.sessionId, sessionVersion);
  if (cookie) ctx.resHeaders.append("set-cookie", cookie);
}

export const accountRouter = createTRPCRouter({
  me: protectedProcedure.output(sync(ZMe)).query(async ({ ctx }) => {
    const user = await ctx.db.user.findUnique({
      where: { id: ctx.session.user.id },
      select: { id: true, email: true, name: true, emailVerified: true },
    });
    if (!user) throw new AppError("UNAUTHORIZED", "Your account no longer exists.");
    return user;
  }),

  updateProfile: protectedProcedure
    .input(sync(ZUpdateProfileInput))
    .output(sync(ZMe))
    .mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.session.user.id, input.name)),

  // Signs out every other session; the one making the change stays signed in. The current password
  // is checked at most RATE_LIMIT_LOGIN_MAX times a minute per account, so a stolen cookie cannot
  // guess it.
  changePassword: sessionProcedure
    .input(sync(ZChangePasswordInput))
    .output(sync(ZOk))
    .mutation(async ({ ctx, input }) => {
      const limit = await rateLimiters().login.limit(`password:${ctx.session.user.id}`);
      if (!limit.success) {
        throw new AppError(
          "TOO_MANY_REQUESTS",
          `Too many password attempts. Try again in ${limit.retryAfterSeconds} s.`,
          { retryAfterSeconds: limit.retryAfterSeconds },
        );
      }
      const { sessionVersion } = await changePassword(ctx.db, ctx.session.user.id, ctx.session.sessionId, input);
      await keepCurrentSession(ctx, sessionVersion);
      return { ok: true as const };
    }),

  signOutEverywhere: sessionProcedure.output(sync(ZRevokedOutput)).mutation(async ({ ctx }) => {
    const { revoked, sessionVersion } = await signOutOthers(ctx.db, ctx.session.user.id, ctx.session.sessionId);
    await keepCurrentSession(ctx, sessionVersion);
    return { revoked };
  }),

  sessions: sessionProcedure.output(sync(z.array(ZSession))).query(async ({ ctx }) => {
    const sessions = await listSessions(ctx.db, ctx.session.user.id);
    return sessions.map((s) => ({ ...s, current: s.id === ctx.session.sessionId }));
  }),

  revokeSession: sessionProcedure
    .input(sync(ZIdInput))
    .output(sync(ZOk))
    .mutation(({ ctx, input }) => revokeSession(ctx.db, ctx.session.user.id, input.id)),

  tokens: sessionProcedure
    .output(sync(z.array(ZApiToken)))
    .query(({ ctx }) => listApiTokens(ctx.db, ctx.session.user.id)),

  // The secret is returned once, here, and never again.
  createToken: sessionProcedure
    .input(sync(ZCreateTokenInput))
    .output(sync(ZCreateTokenOutput))
    .mutation(({ ctx, input }) =>
      createApiToken(ctx.db, ctx.session.user.id, {
        name: input.name,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      }),
    ),

  revokeToken: sessionProcedure
    .input(sync(ZIdInput))
    .output(sync(ZOk))
    .mutation(({ ctx, input }) => revokeApiToken(ctx.db, ctx.session.user.id, input.id)),
});
