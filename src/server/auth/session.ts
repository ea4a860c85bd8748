import { decode, encode } from "next-auth/jwt";
import { env } from "~/env.mjs";
import type { Db } from "~/server/db";
import { isWellFormedToken, verifyApiToken } from "./api-tokens";
import { checkSession, type Session, type SessionClaims } from "./sessions";

// Auth.js's cookie names: the `__Secure-` one when the app is served over https (production).
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
type CookieName = (typeof SESSION_COOKIES)[number];

export type ResolvedSession = {
  session: Session | null;
  /** Why a credential the caller sent was refused, for the UNAUTHORIZED message. */
  problem: string | null;
  /** A re-issued session cookie (Set-Cookie value) when the session was extended. */
  setCookie: string | null;
};

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) {
      try {
        return decodeURIComponent(value.join("="));
      } catch {
        return null;
      }
    }
  }
  return null;
}

type CookieToken = { name: CookieName; payload: Record<string, unknown>; claims: SessionClaims };

export function claimsOf(payload: Record<string, unknown> | null): SessionClaims | null {
  if (!payload) return null;
  const { sid, sub, sv } = payload;
  if (typeof sid !== "string" || typeof sub !== "string" || typeof sv !== "number") return null;
  return { sid, sub, sv };
}

// The session cookie's claims, if it carries one Auth.js issued and that has not expired.
export async function readSessionCookie(cookieHeader: string | null): Promise<CookieToken | null> {
  if (!env.AUTH_SECRET) return null;
  for (const name of SESSION_COOKIES) {
    const raw = readCookie(cookieHeader, name);
    if (!raw) continue;
    try {
      const payload = await decode({ token: raw, secret: env.AUTH_SECRET, salt: name });
      const claims = claimsOf(payload);
      return claims && payload ? { name, payload, claims } : null;
    } catch {
      return null;
    }
  }
  return null;
}

// A fresh cookie for the same session: new expiry, new JWT id, and the given session version.
// Attributes match Auth.js's own: HttpOnly, SameSite=Lax, Path=/, Secure with the `__Secure-` name.
export async function sessionCookie(token: CookieToken, expires: Date, sv = token.claims.sv): Promise<string | null> {
  if (!env.AUTH_SECRET) return null;
  const { iat: _iat, exp: _exp, jti: _jti, ...rest } = token.payload;
  const maxAge = Math.max(1, Math.floor((expires.getTime() - Date.now()) / 1000));
  const value = await encode({ token: { ...rest, sv }, secret: env.AUTH_SECRET, salt: token.name, maxAge });
  const secure = token.name.startsWith("__Secure-") ? "; Secure" : "";
  return `${token.name}=${value}; Path=/; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Lax${secure}`;
}

// Who is calling: a personal API token (`Authorization: Bearer …`) or the signed-in browser's
// session cookie. Each is checked against the database on every request, so revoking either takes
// effect at once. With `touch`, a session in use is extended (at most every 15 minutes) and a
// re-issued cookie returned, so the cookie and the row expire together; server components pass
// `touch: false` because they cannot set cookies.
export async function resolveSession(
  db: Db,
  headers: Headers,
  options: { allowCookie: boolean; touch?: boolean },
): Promise<ResolvedSession> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match || !isWellFormedToken(match[1]!)) {
      return {
        session: null,
        problem: "The Authorization header is not a well-formed Taskmanager API token.",
        setCookie: null,
      };
    }
    const found = await verifyApiToken(db, match[1]!);
    return found
      ? {
          session: { user: found.user, via: "token", sessionId: null, memberships: found.memberships },
          problem: null,
          setCookie: null,
        }
      : { session: null, problem: "This API token is unknown, revoked or expired.", setCookie: null };
  }
  if (!options.allowCookie) return { session: null, problem: null, setCookie: null };
  const token = await readSessionCookie(headers.get("cookie"));
  if (!token) return { session: null, problem: null, setCookie: null };
  const live = await checkSession(db, token.claims, { touch: options.touch ?? true });
  if (!live) return { session: null, problem: "Your session has ended. Sign in again.", setCookie: null };
  return {
    session: { user: live.user, via: "session", sessionId: token.claims.sid, memberships: live.memberships },
    problem: null,
    setCookie: live.rotated ? await sessionCookie(token, live.expires) : null,
  };
}

// After the session version changed (new password, signed out elsewhere), the current browser gets
// a cookie under the new version, so it stays signed in while every other session ends.
export async function reissuedSessionCookie(db: Db, headers: Headers, sessionId: string, sessionVersion: number) {
  const token = await readSessionCookie(headers.get("cookie"));
  if (!token || token.claims.sid !== sessionId) return null;
  const row = await db.session.findUnique({ where: { id: sessionId }, select: { expires: true } });
  return row ? sessionCookie(token, row.expires, sessionVersion) : null;
}
