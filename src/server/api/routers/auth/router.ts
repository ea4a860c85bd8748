import { emailLinks } from "~/server/api/email-links";
import { createTRPCRouter, publicProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { AppError } from "~/server/errors";
import { limitBoth, rateLimiters } from "~/server/ratelimit";
import type { Context } from "~/server/api/trpc";
import { requestPasswordReset, resendVerification, resetPassword, signUp, verifyEmail } from "~/server/auth/accounts";
import { ZEmailInput, ZOk, ZResetPasswordInput, ZSignUpInput, ZTokenInput } from "./schema";

// Every call that may send an email (sign-up, a new verification link, a reset link) shares one
// budget per IP and per address, so nobody can fill a stranger's inbox or sweep many addresses.
async function limitEmails(ctx: Context, email: string) {
  const limit = await limitBoth(rateLimiters().reset, ctx.ip, email);
  if (!limit.success) {
    throw new AppError("TOO_MANY_REQUESTS", `Too many emails requested. Try again in ${limit.retryAfterSeconds} s.`, {
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
}

// Sign-up, verification and password reset answer the same whether or not the email has an account.
export const authRouter = createTRPCRouter({
  signUp: publicProcedure
    .input(sync(ZSignUpInput))
    .output(sync(ZOk))
    .mutation(async ({ ctx, input }) => {
      await limitEmails(ctx, input.email);
      return signUp(ctx.db, emailLinks(ctx.headers), input);
    }),

  verifyEmail: publicProcedure
    .input(sync(ZTokenInput))
    .output(sync(ZOk))
    .mutation(({ ctx, input }) => verifyEmail(ctx.db, input.token)),

  resendVerification: publicProcedure
    .input(sync(ZEmailInput))
    .output(sync(ZOk))
    .mutation(async ({ ctx, input }) => {
      await limitEmails(ctx, input.email);
      return resendVerification(ctx.db, emailLinks(ctx.headers), input.email);
    }),

  requestPasswordReset: publicProcedure
    .input(sync(ZEmailInput))
    .output(sync(ZOk))
    .mutation(async ({ ctx, input }) => {
      await limitEmails(ctx, input.email);
      return requestPasswordReset(ctx.db, emailLinks(ctx.headers), input.email);
    }),

  resetPassword: publicProcedure
    .input(sync(ZResetPasswordInput))
    .output(sync(ZOk))
    .mutation(({ ctx, input }) => resetPassword(ctx.db, input.token, input.password)),
});
