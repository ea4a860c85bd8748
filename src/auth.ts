import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { z } from "zod";
import { env } from "~/env.mjs";
import { checkCredentials, createSession, deleteSession, SESSION_TTL_MS } from "~/server/auth/accounts";
import { db } from "~/server/db";
import { logger } from "~/server/logger";
import { acceptInvitations } from "~/server/workspaces/service";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
class UnverifiedEmail extends CredentialsSignin {
  code = "unverified";
}

const ZCredentials = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  password: z.string().min(1).max(128),
});

function requestMeta(request: Request | undefined) {
  return {
    userAgent: request?.headers.get("user-agent") ?? null,
    ip: request?.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
  };
}

// OAuth sign-in: the provider vouches for the email, so the account is found (or made) by email and
// the provider account linked to it.
async function oauthUser(provider: string, providerAccountId: string, email: string, name: string | null) {
  const user = await db.user.upsert({
    where: { email },
    update: { emailVerified: new Date() },
    create: { email, name, emailVerified: new Date() },
    select: { id: true, email: true, name: true },
  });
  await db.account.upsert({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    update: {},
    create: { userId: user.id, type: "oauth", provider, providerAccountId },
  });
  await acceptInvitations(db, user.id, user.email);
  return user;
}

const providers: NextAuthConfig["providers"] = [
  Credentials({
    credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
    authorize: async (raw, request) => {
      const parsed = ZCredentials.safeParse(raw);
      if (!parsed.success) throw new InvalidCredentials();
      const result = await checkCredentials(db, parsed.data.email, parsed.data.password);
      if (!result.ok) throw result.reason === "unverified" ? new UnverifiedEmail() : new InvalidCredentials();
      const session = await createSession(db, result.user.id, requestMeta(request));
      return { ...result.user, id: result.user.id, sid: session.id };
    },
  }),
];
if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
  providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
}
if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
  providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));
}

export const oauthProviders = providers.flatMap((p) => {
  const id = typeof p === "function" ? p().id : p.id;
  return id === "credentials" ? [] : [{ id, name: id === "github" ? "GitHub" : "Google" }];
});

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: env.AUTH_SECRET,
  trustHost: true,
  // The cookie carries only a signed, encrypted session id; the session itself is a database row.
  session: { strategy: "jwt", maxAge: SESSION_TTL_MS / 1000, updateAge: 15 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  // A refused password is an answer, not an error worth a stack trace.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin") return;
      logger.error({ err: error }, "auth error");
    },
    warn(code) {
      logger.warn({ code }, "auth warning");
    },
    debug() {},
  },
  providers,
  callbacks: {
    async jwt({ token, user, account, profile }) {
      if (user && account?.provider === "credentials") {
        token.sid = (user as { sid?: string }).sid;
      } else if (user && account && profile?.email) {
        const linked = await oauthUser(
          account.provider,
          account.providerAccountId,
          profile.email.toLowerCase(),
          profile.name ?? null,
        );
        token.sub = linked.id;
        token.sid = (await createSession(db, linked.id, { userAgent: null, ip: null })).id;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await deleteSession(db, sid);
    },
  },
});
