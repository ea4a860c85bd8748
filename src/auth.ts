import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { z } from "zod";
import { env } from "~/env.mjs";
import { safeCallbackUrl } from "~/lib/safe-url";
import { ZEmail } from "~/lib/email";
import { ZName } from "~/server/api/routers/common.schema";
import { checkCredentials } from "~/server/auth/accounts";
import { oauthUser, verifiedProviderEmail } from "~/server/auth/oauth";
import { claimsOf } from "~/server/auth/session";
import { clientIp } from "~/server/client-address";
import { checkSession, createSession, deleteSession, SESSION_IDLE_MS } from "~/server/auth/sessions";
import { db } from "~/server/db";
import { logger } from "~/server/logger";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
class UnverifiedEmail extends CredentialsSignin {
  code = "unverified";
}

// The same limits as sign-up: anything longer cannot match an account, and is refused before hashing.
// The sign-in limit keys accounts on the same ZEmail (src/server/ratelimit.ts).
const ZCredentials = z.object({ email: ZEmail, password: z.string().min(1).max(128) });

function requestMeta(headers: Headers | undefined) {
  const ip = headers ? clientIp(headers) : "unknown";
  return { userAgent: headers?.get("user-agent") ?? null, ip: ip === "unknown" ? null : ip };
}

type SignedInUser = { id: string; email: string; name: string | null; sid: string; sv: number };

const providers: NextAuthConfig["providers"] = [
  Credentials({
    credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
    authorize: async (raw, request): Promise<SignedInUser> => {
      const parsed = ZCredentials.safeParse(raw);
      if (!parsed.success) throw new InvalidCredentials();
      const result = await checkCredentials(db, parsed.data.email, parsed.data.password);
      if (!result.ok) throw result.reason === "unverified" ? new UnverifiedEmail() : new InvalidCredentials();
      const session = await createSession(db, result.user.id, requestMeta(request.headers));
      return { ...result.user, sid: session.id, sv: result.sessionVersion };
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
  // The cookie is an encrypted JWT carrying only the session row's id, the user id and the user's
  // session version; the session itself is the row, checked on every request (src/server/auth/session.ts).
  session: { strategy: "jwt", maxAge: SESSION_IDLE_MS / 1000 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  // A refused password is an answer, not an error worth a stack trace.
  logger: {
    error(error) {
      // By class, not by name: a production build minifies class names.
      if (error instanceof CredentialsSignin) return;
      logger.error({ err: error }, "auth error");
    },
    warn(code) {
      logger.warn({ code }, "auth warning");
    },
    debug() {},
  },
  providers,
  callbacks: {
    // Where Auth.js sends the browser after signing in or out (its callbackUrl): only a place on this
    // site, by the same rule as the sign-in form.
    redirect({ url, baseUrl }) {
      return new URL(safeCallbackUrl(url, baseUrl), baseUrl).href;
    },
    // OAuth sign-in only with an address the provider has verified: the account is found by it.
    async signIn({ account, profile }) {
      if (!account || account.provider === "credentials") return true;
      return (await verifiedProviderEmail(account.provider, profile, account.access_token)) !== null;
    },
    async jwt({ token, user, account, profile }) {
      if (user && account?.provider === "credentials") {
        const signedIn = user as SignedInUser;
        return { ...token, sub: signedIn.id, sid: signedIn.sid, sv: signedIn.sv };
      }
      if (user && account) {
        const email = typeof profile?.email === "string" ? profile.email.trim().toLowerCase() : null;
        if (!email) return null;
        const linked = await oauthUser(db, {
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email,
          // A provider's display name is taken only when it passes the same rule as one typed here.
          name: typeof profile?.name === "string" ? (ZName.safeParse(profile.name.slice(0, 100)).data ?? null) : null,
        });
        const session = await createSession(db, linked.id, { userAgent: null, ip: null });
        return {
          ...token,
          sub: linked.id,
          email: linked.email,
          name: linked.name,
          sid: session.id,
          sv: linked.sessionVersion,
        };
      }
      // Later reads through Auth.js's own endpoints (/api/auth/session): the row decides, and a
      // revoked session's cookie is cleared.
      const claims = claimsOf(token);
      return claims && (await checkSession(db, claims, { touch: true })) ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
  events: {
    async signOut(message) {
      const claims = "token" in message ? claimsOf(message.token) : null;
      if (claims) await deleteSession(db, claims.sid);
    },
  },
});
