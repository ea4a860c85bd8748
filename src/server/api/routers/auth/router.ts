import { env } from "~/env.mjs";
import { createTRPCRouter, publicProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { AppError } from "~/server/errors";
import { clientIp, limitBoth, rateLimiters } from "~/server/ratelimit";
import type { Context } from "~/server/api/trpc";
import { requestPasswordReset, resendVerification, resetPassword, signUp, verifyEmail } from "~/server/auth/accounts";
import { ZEmailInput, ZOk, ZResetPasswordInput, ZSignUpInput, ZTokenInput } from "./schema";

// Links in emails point at the public URL. Only in development may they follow the Host header:
// in production that header is whatever the person asking for a reset link sends.
function links(headers: Headers) {
  if (env.APP_URL) return { appUrl: env.APP_URL.replace(/\/$/, "") };
  if (env.NODE_ENV === "production") {
    throw new Error("APP_URL is not set: email links need the app's public URL (see .env.example).");
  }
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? (host.startsWith("localhost") ? "http" : "https");
  return { appUrl: `${proto}://${host}` };
}

// Every call that may send an email (sign-up, a new verification link, a reset link) shares one
// budget per IP and per address, so nobody can fill a stranger's inbox or sweep many addresses.
async function limitEmails(ctx: Context, email: string) {
  const limit = await limitBoth(rateLimiters().reset, clientIp(ctx.headers), email);
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
      return signUp(ctx.db, links(ctx.headers), input);
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
      return resendVerification(ctx.db, links(ctx.headers), input.email);
    }),

  requestPasswordReset: publicProcedure
    .input(sync(ZEmailInput))
    .output(sync(ZOk))
    .mutation(async ({ ctx, input }) => {
      await limitEmails(ctx, input.email);
      return requestPasswordReset(ctx.db, links(ctx.headers), input.email);
    }),

  resetPassword: publicProcedure
    .input(sync(ZResetPasswordInput))
    .output(sync(ZOk))
    .mutation(({ ctx, input }) => resetPassword(ctx.db, input.token, input.password)),
});
