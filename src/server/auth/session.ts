import { decode } from "next-auth/jwt";
import { env } from "~/env.mjs";
import type { Session } from "~/server/api/trpc";
import type { Db } from "~/server/db";
import { isWellFormedToken, verifyApiToken } from "./api-tokens";
import { sessionUser } from "./accounts";

export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

export type ResolvedSession = { session: Session | null; problem: string | null };

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return null;
}

export async function sessionIdFromCookie(cookieHeader: string | null): Promise<string | null> {
  if (!env.AUTH_SECRET) return null;
  for (const name of SESSION_COOKIES) {
    const raw = readCookie(cookieHeader, name);
    if (!raw) continue;
    try {
      const token = await decode({ token: raw, secret: env.AUTH_SECRET, salt: name });
      if (token && typeof token.sid === "string") return token.sid;
    } catch {
      return null;
    }
  }
  return null;
}

// Who is calling: a personal API token (`Authorization: Bearer …`) or the signed-in browser's
// session cookie. Each is checked against the database, so revoking either takes effect at once.
export async function resolveSession(
  db: Db,
  headers: Headers,
  options: { allowCookie: boolean },
): Promise<ResolvedSession> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match || !isWellFormedToken(match[1]!)) {
      return { session: null, problem: "The Authorization header is not a well-formed Taskmanager API token." };
    }
    const user = await verifyApiToken(db, match[1]!);
    return user
      ? { session: { user, via: "token", sessionId: null }, problem: null }
      : { session: null, problem: "This API token is unknown, revoked or expired." };
  }
  if (!options.allowCookie) return { session: null, problem: null };
  const sessionId = await sessionIdFromCookie(headers.get("cookie"));
  if (!sessionId) return { session: null, problem: null };
  const user = await sessionUser(db, sessionId);
  return user
    ? { session: { user, via: "session", sessionId }, problem: null }
    : { session: null, problem: "Your session has ended. Sign in again." };
}
