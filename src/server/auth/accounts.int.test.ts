// Over 350 lines: one suite follows an account through its whole life (sign-up, sessions, tokens, CSRF, input limits) on one mail server.
import { afterAll, describe, expect, it } from "vitest";
import { linkToken, startMailServer } from "../../../tests/mail-server";

// Email goes over SMTP to a real local server, so the environment is set before the app's modules load.
const mail = await startMailServer();
process.env.SMTP_HOST = "127.0.0.1";
process.env.SMTP_PORT = String(mail.port);
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0000";
process.env.APP_URL = "http://localhost:3000";

const { db } = await import("~/server/db");
const { handlers } = await import("~/auth");
const trpcRoute = await import("~/app/api/trpc/[trpc]/route");
const { callerFor, codeOf } = await import("../../../tests/fixtures");
const { SESSION_COOKIES } = await import("./session");
const { POLICIES, RateLimiter, setRateLimiters } = await import("~/server/ratelimit");
const { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_ROTATE_MS } = await import("./sessions");

const ORIGIN = "http://localhost:3000";
let counter = 0;
const newEmail = () => `person${Date.now().toString(36)}${++counter}@example.test`;
const PASSWORD = "correct horse battery staple";
const MINUTE = 60_000;

function cookiesFrom(res: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, ...value] = pair!.split("=");
    jar.set(name!.trim(), value.join("="));
  }
  return jar;
}

function sessionCookieFrom(res: Response): string | null {
  const jar = cookiesFrom(res);
  const name = SESSION_COOKIES.find((n) => jar.get(n));
  return name ? `${name}=${jar.get(name)}` : null;
}

async function csrf(): Promise<{ csrfToken: string; cookie: string }> {
  const res = await handlers.GET(new Request(`${ORIGIN}/api/auth/csrf`) as never);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { csrfToken, cookie: [...cookiesFrom(res)].map(([k, v]) => `${k}=${v}`).join("; ") };
}

// Signs in through Auth.js's own routes, as the sign-in page does: CSRF token, then the credentials POST.
async function signIn(email: string, password: string): Promise<{ cookie: string | null; location: string }> {
  const token = await csrf();
  const res = await handlers.POST(
    new Request(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: token.cookie,
        origin: ORIGIN,
        "user-agent": "integration-test",
      },
      body: new URLSearchParams({ email, password, csrfToken: token.csrfToken, callbackUrl: ORIGIN }).toString(),
    }) as never,
  );
  return { cookie: sessionCookieFrom(res), location: res.headers.get("location") ?? "" };
}

async function signOut(cookie: string, withCsrf = true): Promise<Response> {
  const token = await csrf();
  return handlers.POST(
    new Request(`${ORIGIN}/api/auth/signout`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: `${cookie}; ${token.cookie}`,
        origin: ORIGIN,
      },
      body: new URLSearchParams({ csrfToken: withCsrf ? token.csrfToken : "forged", callbackUrl: ORIGIN }).toString(),
    }) as never,
  );
}

type TrpcInit = {
  cookie?: string;
  token?: string;
  input?: unknown;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
};

async function trpc(path: string, init: TrpcInit) {
  const headers = new Headers({ origin: ORIGIN, host: "localhost:3000", ...init.headers });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  const method = init.method ?? "GET";
  const input = init.input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: init.input }))}`;
  if (method === "POST" && !headers.has("content-type")) headers.set("content-type", "application/json");
  const req =
    method === "GET"
      ? new Request(`${ORIGIN}/api/trpc/${path}${input}`, { headers })
      : new Request(`${ORIGIN}/api/trpc/${path}`, {
          method,
          headers,
          body: JSON.stringify({ json: init.input ?? null }),
        });
  const res = await (method === "GET" ? trpcRoute.GET(req) : trpcRoute.POST(req));
  const body = (await res.json()) as {
    result?: { data: { json: unknown } };
    error?: { json: { message: string; data: { code: string; zodIssues: { path: string[]; message: string }[] } } };
  };
  return {
    status: res.status,
    data: body.result?.data.json,
    error: body.error?.json,
    setCookie: sessionCookieFrom(res),
    rawSetCookie: res.headers.getSetCookie(),
  };
}

async function signUpAndVerify(email: string, password = PASSWORD) {
  await callerFor(null).auth.signUp({ name: "Pat", email, password });
  const message = await mail.waitFor(email, /Confirm your email/);
  await callerFor(null).auth.verifyEmail({ token: linkToken(message, "/verify-email") });
}

async function signedIn(email = newEmail()) {
  await signUpAndVerify(email);
  const { cookie } = await signIn(email, PASSWORD);
  expect(cookie).not.toBeNull();
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const [session] = await db.session.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
  return { email, cookie: cookie!, userId: user.id, sessionId: session!.id };
}

const counts = async () => ({
  users: await db.user.count(),
  sessions: await db.session.count(),
  authTokens: await db.authToken.count(),
  apiTokens: await db.apiToken.count(),
});

afterAll(async () => {
  await mail.close();
});

describe("sign-up, verification and sign-in", () => {
  it("signs up, verifies through the emailed link, signs in and makes a protected call", async () => {
    const email = newEmail();
    await callerFor(null).auth.signUp({ name: "Pat", email, password: PASSWORD });
    const unconfirmed = await signIn(email, PASSWORD);
    expect(unconfirmed.cookie).toBeNull();
    expect(unconfirmed.location).toMatch(/code=unverified/);
    const message = await mail.waitFor(email, /Confirm your email/);
    expect(message.text).toContain("http://localhost:3000/verify-email?token=");
    await callerFor(null).auth.verifyEmail({ token: linkToken(message, "/verify-email") });
    expect(await codeOf(callerFor(null).auth.verifyEmail({ token: linkToken(message, "/verify-email") }))).toBe(
      "BAD_REQUEST",
    );

    const { cookie } = await signIn(email, PASSWORD);
    expect(cookie).toMatch(/authjs\.session-token=/);
    const me = await trpc("account.me", { cookie: cookie! });
    expect(me.status).toBe(200);
    expect((me.data as { email: string }).email).toBe(email);
    const signedOut = await trpc("account.me", {});
    expect(signedOut.status).toBe(401);
    const row = await db.session.findFirstOrThrow({ where: { user: { email } } });
    expect(row.userAgent).toBe("integration-test");
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    const token = await csrf();
    const res = await handlers.POST(
      new Request(`${ORIGIN}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: token.cookie, origin: ORIGIN },
        body: new URLSearchParams({ email, password: PASSWORD, csrfToken: token.csrfToken }).toString(),
      }) as never,
    );
    const line = res.headers.getSetCookie().find((l) => l.startsWith("authjs.session-token="));
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
  });

  it("refuses a password sign-in without Auth.js's CSRF token", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    const res = await handlers.POST(
      new Request(`${ORIGIN}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
        body: new URLSearchParams({ email, password: PASSWORD, csrfToken: "forged" }).toString(),
      }) as never,
    );
    expect(sessionCookieFrom(res)).toBeNull();
    expect(await db.session.count({ where: { user: { email } } })).toBe(0);
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    const wrong = await signIn(email, "not the password");
    const unknown = await signIn(newEmail(), "not the password");
    expect(wrong.cookie).toBeNull();
    expect(unknown.cookie).toBeNull();
    expect(wrong.location).toMatch(/code=invalid/);
    expect(unknown.location).toMatch(/code=invalid/);
    expect(await db.session.count({ where: { user: { email } } })).toBe(0);
  });

  it("answers sign-up and reset the same way for a new and a taken email", async () => {
    const taken = newEmail();
    await signUpAndVerify(taken);
    const fresh = newEmail();
    expect(await callerFor(null).auth.signUp({ name: "X", email: taken, password: "another password" })).toEqual({
      ok: true,
    });
    expect(await callerFor(null).auth.signUp({ name: "X", email: fresh, password: "another password" })).toEqual({
      ok: true,
    });
    expect(await callerFor(null).auth.requestPasswordReset({ email: newEmail() })).toEqual({ ok: true });
    expect(await callerFor(null).auth.requestPasswordReset({ email: taken })).toEqual({ ok: true });
    // The owner of the taken address is told, and the password is not changed by the second sign-up.
    await mail.waitFor(taken, /already have a Taskmanager account/);
    expect((await signIn(taken, PASSWORD)).cookie).not.toBeNull();
    expect((await signIn(taken, "another password")).cookie).toBeNull();
  });

  it("does not let an unconfirmed sign-up squat an address: its owner gets a reset link, not a confirm link", async () => {
    const victim = newEmail();
    await callerFor(null).auth.signUp({ name: "Squatter", email: victim, password: "squatter's password" });
    await mail.waitFor(victim, /Confirm your email/);
    await callerFor(null).auth.signUp({ name: "Owner", email: victim, password: "owner's own password" });
    const notice = await mail.waitFor(victim, /already have a Taskmanager account/);
    expect(notice.text).toContain("never confirmed");
    expect(notice.text).not.toContain("/verify-email");
    await callerFor(null).auth.resetPassword({
      token: linkToken(notice, "/reset-password"),
      password: "owner's own password",
    });
    expect((await signIn(victim, "squatter's password")).cookie).toBeNull();
    expect((await signIn(victim, "owner's own password")).cookie).not.toBeNull();
  });

  it("sends the confirmation link again for an unconfirmed account only", async () => {
    const email = newEmail();
    await callerFor(null).auth.signUp({ name: "Pat", email, password: PASSWORD });
    await mail.waitFor(email, /Confirm your email/);
    const before = mail.messages.filter((m) => m.to.includes(email)).length;
    expect(await callerFor(null).auth.resendVerification({ email })).toEqual({ ok: true });
    expect(await callerFor(null).auth.resendVerification({ email: newEmail() })).toEqual({ ok: true });
    for (let i = 0; i < 50 && mail.messages.filter((m) => m.to.includes(email)).length === before; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const links = mail.messages.filter((m) => m.to.includes(email)).map((m) => linkToken(m, "/verify-email"));
    expect(new Set(links).size).toBe(2);
    await callerFor(null).auth.verifyEmail({ token: links[1]! });
    expect((await signIn(email, PASSWORD)).cookie).not.toBeNull();
  });

  it("refuses an expired confirmation link and an expired reset link", async () => {
    const email = newEmail();
    await callerFor(null).auth.signUp({ name: "Pat", email, password: PASSWORD });
    const confirm = linkToken(await mail.waitFor(email, /Confirm your email/), "/verify-email");
    await db.authToken.updateMany({ where: { user: { email } }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await codeOf(callerFor(null).auth.verifyEmail({ token: confirm }))).toBe("BAD_REQUEST");
    expect((await db.user.findUniqueOrThrow({ where: { email } })).emailVerified).toBeNull();

    await callerFor(null).auth.requestPasswordReset({ email });
    const reset = linkToken(await mail.waitFor(email, /Reset your Taskmanager password/), "/reset-password");
    await db.authToken.updateMany({
      where: { user: { email }, purpose: "RESET_PASSWORD" },
      data: { expires: new Date(Date.now() - 1000) },
    });
    const hashBefore = (await db.user.findUniqueOrThrow({ where: { email } })).passwordHash;
    expect(await codeOf(callerFor(null).auth.resetPassword({ token: reset, password: "a new passphrase" }))).toBe(
      "BAD_REQUEST",
    );
    expect((await db.user.findUniqueOrThrow({ where: { email } })).passwordHash).toBe(hashBefore);
  });
});

describe("password reset and change", () => {
  it("resets a password end to end through the emailed link, once", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    const before = await signIn(email, PASSWORD);
    await callerFor(null).auth.requestPasswordReset({ email });
    const message = await mail.waitFor(email, /Reset your Taskmanager password/);
    const token = linkToken(message, "/reset-password");
    await callerFor(null).auth.resetPassword({ token, password: "a brand new passphrase" });
    expect(await codeOf(callerFor(null).auth.resetPassword({ token, password: "yet another one!" }))).toBe(
      "BAD_REQUEST",
    );
    expect((await signIn(email, PASSWORD)).cookie).toBeNull();
    expect((await signIn(email, "a brand new passphrase")).cookie).not.toBeNull();
    // The reset signed out the session that existed before it.
    expect((await trpc("account.me", { cookie: before.cookie! })).status).toBe(401);
  });

  it("revokes another live session when the password changes, and keeps this one", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    const laptop = await signIn(email, PASSWORD);
    const phone = await signIn(email, PASSWORD);
    expect((await trpc("account.me", { cookie: phone.cookie! })).status).toBe(200);
    const changed = await trpc("account.changePassword", {
      cookie: laptop.cookie!,
      method: "POST",
      input: { currentPassword: PASSWORD, newPassword: "changed passphrase" },
    });
    expect(changed.status).toBe(200);
    expect((await trpc("account.me", { cookie: phone.cookie! })).status).toBe(401);
    // The laptop's cookie was re-issued under the new session version.
    expect(changed.setCookie).not.toBeNull();
    expect((await trpc("account.me", { cookie: changed.setCookie! })).status).toBe(200);
    expect((await trpc("account.me", { cookie: laptop.cookie! })).status).toBe(401);
    const sessions = await trpc("account.sessions", { cookie: changed.setCookie! });
    expect((sessions.data as { current: boolean }[]).map((s) => s.current)).toEqual([true]);
    expect((await signIn(email, PASSWORD)).cookie).toBeNull();
    expect((await signIn(email, "changed passphrase")).cookie).not.toBeNull();
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const { cookie, userId } = await signedIn();
    const before = await db.user.findUniqueOrThrow({ where: { id: userId } });
    const res = await trpc("account.changePassword", {
      cookie,
      method: "POST",
      input: { currentPassword: "not it at all", newPassword: "changed passphrase" },
    });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/current password is not correct/);
    const after = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.sessionVersion).toBe(before.sessionVersion);
  });
});

describe("sessions", () => {
  it("signs out through Auth.js: the row is deleted and the old cookie no longer works", async () => {
    const { cookie, sessionId } = await signedIn();
    const res = await signOut(cookie);
    expect(res.headers.getSetCookie().some((l) => /authjs\.session-token=;/.test(l))).toBe(true);
    expect(await db.session.findUnique({ where: { id: sessionId } })).toBeNull();
    const replayed = await trpc("account.me", { cookie });
    expect(replayed.status).toBe(401);
    expect(replayed.error?.message).toMatch(/session has ended/);
  });

  it("does not sign out without Auth.js's CSRF token", async () => {
    const { cookie, sessionId } = await signedIn();
    await signOut(cookie, false);
    expect(await db.session.findUnique({ where: { id: sessionId } })).not.toBeNull();
    expect((await trpc("account.me", { cookie })).status).toBe(200);
  });

  it("signs out everywhere else, and keeps this browser signed in", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    const a = await signIn(email, PASSWORD);
    const b = await signIn(email, PASSWORD);
    const result = await trpc("account.signOutEverywhere", { cookie: a.cookie!, method: "POST" });
    expect((result.data as { revoked: number }).revoked).toBe(1);
    expect((await trpc("account.me", { cookie: b.cookie! })).status).toBe(401);
    expect((await trpc("account.me", { cookie: result.setCookie! })).status).toBe(200);
  });

  it("lists sessions and revokes one by id, only the caller's own", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    const a = await signIn(email, PASSWORD);
    const b = await signIn(email, PASSWORD);
    const other = await signedIn();
    const listed = (await trpc("account.sessions", { cookie: a.cookie! })).data as { id: string; current: boolean }[];
    expect(listed).toHaveLength(2);
    const bId = listed.find((s) => !s.current)!.id;
    const foreign = await trpc("account.revokeSession", {
      cookie: a.cookie!,
      method: "POST",
      input: { id: other.sessionId },
    });
    expect(foreign.status).toBe(404);
    expect((await trpc("account.me", { cookie: other.cookie })).status).toBe(200);
    await trpc("account.revokeSession", { cookie: a.cookie!, method: "POST", input: { id: bId } });
    expect((await trpc("account.me", { cookie: b.cookie! })).status).toBe(401);
    expect((await trpc("account.me", { cookie: a.cookie! })).status).toBe(200);
  });

  it("extends a session in use at most every 15 minutes, re-issuing its cookie", async () => {
    const { cookie, sessionId } = await signedIn();
    const fresh = await trpc("account.me", { cookie });
    expect(fresh.status).toBe(200);
    expect(fresh.setCookie).toBeNull();

    const earlier = new Date(Date.now() - SESSION_ROTATE_MS - MINUTE);
    await db.session.update({
      where: { id: sessionId },
      data: { lastSeenAt: earlier, expires: new Date(earlier.getTime() + SESSION_IDLE_MS) },
    });
    const [first, second] = await Promise.all([trpc("account.me", { cookie }), trpc("account.me", { cookie })]);
    // Two requests racing: one extends the session and re-issues the cookie, the other just answers.
    expect([first.setCookie, second.setCookie].filter(Boolean)).toHaveLength(1);
    const line = [...first.rawSetCookie, ...second.rawSetCookie][0]!;
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Lax/);
    expect(line).toMatch(/Path=\//);
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.lastSeenAt.getTime()).toBeGreaterThan(earlier.getTime());
    expect(row.expires.getTime()).toBeGreaterThan(Date.now() + SESSION_IDLE_MS - MINUTE);
    const renewed = (first.setCookie ?? second.setCookie)!;
    expect(renewed).not.toBe(cookie);
    expect((await trpc("account.me", { cookie: renewed })).status).toBe(200);
  });

  it("ends a session after 7 idle days, and 30 days after sign-in however busy", async () => {
    const idle = await signedIn();
    await db.session.update({ where: { id: idle.sessionId }, data: { expires: new Date(Date.now() - 1000) } });
    expect((await trpc("account.me", { cookie: idle.cookie })).status).toBe(401);

    const busy = await signedIn();
    const created = new Date(Date.now() - SESSION_ABSOLUTE_MS + 5 * MINUTE);
    await db.session.update({
      where: { id: busy.sessionId },
      data: { createdAt: created, lastSeenAt: new Date(Date.now() - SESSION_ROTATE_MS - MINUTE) },
    });
    // Still valid for 5 minutes; extending it cannot go past 30 days from sign-in.
    expect((await trpc("account.me", { cookie: busy.cookie })).status).toBe(200);
    const row = await db.session.findUniqueOrThrow({ where: { id: busy.sessionId } });
    expect(row.expires.getTime()).toBe(created.getTime() + SESSION_ABSOLUTE_MS);
    await db.session.update({
      where: { id: busy.sessionId },
      data: { createdAt: new Date(Date.now() - SESSION_ABSOLUTE_MS - 1000) },
    });
    expect((await trpc("account.me", { cookie: busy.cookie })).status).toBe(401);
  });

  it("refuses a session minted under an older session version", async () => {
    // A sign-in that raced a password change: its row exists, but its version is stale.
    const { cookie, userId, sessionId } = await signedIn();
    await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    expect(await db.session.findUnique({ where: { id: sessionId } })).not.toBeNull();
    expect((await trpc("account.me", { cookie })).status).toBe(401);
  });

  it("clears a revoked session's cookie on Auth.js's session endpoint", async () => {
    const { cookie, sessionId } = await signedIn();
    const live = await handlers.GET(new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie } }) as never);
    expect(((await live.json()) as { user?: { email: string } } | null)?.user?.email).toMatch(/@example\.test$/);
    await db.session.delete({ where: { id: sessionId } });
    const res = await handlers.GET(new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie } }) as never);
    expect(await res.json()).toBeNull();
    expect(res.headers.getSetCookie().some((l) => /authjs\.session-token=;/.test(l))).toBe(true);
  });

  it("ignores the session cookie on a cross-site or non-JSON write (CSRF)", async () => {
    const { cookie, userId } = await signedIn();
    const second = await signIn((await db.user.findUniqueOrThrow({ where: { id: userId } })).email, PASSWORD);
    // Each of these would run the mutation if the cookie counted: a JSON write from another origin,
    // a multipart form (which tRPC accepts and a cross-site <form> can send), and a write whose
    // browser says it is cross-site without sending an Origin.
    const crossSite = await trpc("account.signOutEverywhere", {
      cookie,
      method: "POST",
      headers: { origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(401);
    const form = new FormData();
    form.set("x", "1");
    const multipart = new Request(`${ORIGIN}/api/trpc/account.signOutEverywhere`, {
      method: "POST",
      headers: { cookie, origin: ORIGIN, host: "localhost:3000" },
      body: form,
    });
    expect((await trpcRoute.POST(multipart)).status).toBe(401);
    const noOrigin = new Request(`${ORIGIN}/api/trpc/account.signOutEverywhere`, {
      method: "POST",
      headers: { cookie, "sec-fetch-site": "cross-site", "content-type": "application/json", host: "localhost:3000" },
      body: JSON.stringify({ json: null }),
    });
    expect((await trpcRoute.POST(noOrigin)).status).toBe(401);
    // The same host over another scheme is another origin (a page on plain http, say), and a client's
    // X-Forwarded-Host does not make a foreign origin ours.
    const otherScheme = await trpc("account.signOutEverywhere", {
      cookie,
      method: "POST",
      headers: { origin: "https://localhost:3000" },
    });
    expect(otherScheme.status).toBe(401);
    const forwardedHost = await trpc("account.signOutEverywhere", {
      cookie,
      method: "POST",
      headers: { origin: "http://evil.example", host: "evil.example", "x-forwarded-host": "evil.example" },
    });
    expect(forwardedHost.status).toBe(401);
    expect((await trpc("account.me", { cookie: second.cookie! })).status).toBe(200);
  });

  it("ignores the session cookie on a read sent from another site's page (a fetch or a live stream)", async () => {
    const { cookie } = await signedIn();
    expect((await trpc("account.me", { cookie, headers: { origin: "https://evil.example" } })).status).toBe(401);
    expect((await trpc("account.me", { cookie, headers: { origin: ORIGIN } })).status).toBe(200);
  });
});

describe("personal API tokens", () => {
  it("creates an API token, calls with it, revokes it, and is refused after", async () => {
    const { cookie, email } = await signedIn();
    const created = await trpc("account.createToken", {
      cookie,
      method: "POST",
      input: { name: "ci", expiresInDays: 30 },
    });
    const { secret, token } = created.data as { secret: string; token: { id: string; prefix: string } };
    expect(secret).toMatch(/^tmk_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(token.prefix)).toBe(true);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).not.toContain(secret.slice(4));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const me = await trpc("account.me", { token: secret });
    expect((me.data as { email: string }).email).toBe(email);
    // The token itself may not list credentials; the browser sees that it was used.
    expect((await trpc("account.tokens", { token: secret })).status).toBe(403);
    const listed = await trpc("account.tokens", { cookie });
    expect((listed.data as { prefix: string; lastUsedAt: string | null }[])[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.data)).not.toContain(secret);

    await trpc("account.revokeToken", { cookie, method: "POST", input: { id: token.id } });
    const refused = await trpc("account.me", { token: secret });
    expect(refused.status).toBe(401);
    expect(refused.error?.message).toMatch(/revoked or expired/);
    expect((await trpc("account.tokens", { cookie })).data).toEqual([]);
  });

  it("refuses an expired token and a malformed one", async () => {
    const { cookie } = await signedIn();
    const created = await trpc("account.createToken", {
      cookie,
      method: "POST",
      input: { name: "old", expiresInDays: 1 },
    });
    const { secret, token } = created.data as { secret: string; token: { id: string } };
    expect((await trpc("account.me", { token: secret })).status).toBe(200);
    await db.apiToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await trpc("account.me", { token: secret });
    expect(expired.status).toBe(401);
    expect(expired.error?.message).toMatch(/revoked or expired/);
    const malformed = await trpc("account.me", { token: "tmk_not-a-token" });
    expect(malformed.status).toBe(401);
    expect(malformed.error?.message).toMatch(/not a well-formed/);
    // A token wins over a cookie: a bad token is refused even with a live session beside it.
    expect((await trpc("account.me", { token: "tmk_not-a-token", cookie })).status).toBe(401);
  });

  it("cannot mint tokens or manage credentials with a token", async () => {
    const { cookie, userId } = await signedIn();
    const created = await trpc("account.createToken", { cookie, method: "POST", input: { name: "script" } });
    const { secret } = created.data as { secret: string };
    const before = await counts();
    const versionBefore = (await db.user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion;
    expect((await trpc("account.createToken", { token: secret, method: "POST", input: { name: "x" } })).status).toBe(
      403,
    );
    expect(
      (
        await trpc("account.changePassword", {
          token: secret,
          method: "POST",
          input: { currentPassword: PASSWORD, newPassword: "taken over!" },
        })
      ).status,
    ).toBe(403);
    expect((await trpc("account.signOutEverywhere", { token: secret, method: "POST" })).status).toBe(403);
    expect(await counts()).toEqual(before);
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion).toBe(versionBefore);
    expect((await trpc("account.me", { cookie })).status).toBe(200);
  });
});

describe("bad input", () => {
  it("refuses bad input with a clear error and changes nothing", async () => {
    const { cookie, userId } = await signedIn();
    const before = await counts();
    const userBefore = await db.user.findUniqueOrThrow({ where: { id: userId } });
    const anon = callerFor(null);
    const megabyte = "x".repeat(1_048_576);
    // The most a JSON body under the API's 1 MiB limit can carry.
    const nearlyMegabyte = "x".repeat(1_000_000);

    expect(
      await codeOf(anon.auth.signUp({ name: "A", email: `${"a".repeat(250)}@example.test`, password: PASSWORD })),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(anon.auth.signUp({ name: "A", email: newEmail(), password: megabyte }))).toBe("BAD_REQUEST");
    expect(await codeOf(anon.auth.signUp({ name: "A", email: "not-an-email", password: PASSWORD }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(anon.auth.requestPasswordReset({ email: `${"b".repeat(250)}@example.test` }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(anon.auth.resetPassword({ token: "short", password: PASSWORD }))).toBe("BAD_REQUEST");
    expect(await codeOf(anon.auth.resetPassword({ token: "y".repeat(43), password: megabyte }))).toBe("BAD_REQUEST");
    expect(await codeOf(anon.auth.verifyEmail({ token: "x".repeat(43) }))).toBe("BAD_REQUEST");
    expect(await codeOf(anon.auth.verifyEmail({ token: "<script>alert(1)</script>".padEnd(43, "x") }))).toBe(
      "BAD_REQUEST",
    );

    // Over HTTP, as a browser sends it: a 1 MB password is a 400 that names the limit; a body past
    // the endpoint's 1 MiB is not read at all (413).
    const huge = await trpc("auth.signUp", {
      method: "POST",
      input: { name: "A", email: newEmail(), password: nearlyMegabyte },
    });
    expect(huge.status).toBe(400);
    const tooLarge = await trpc("auth.signUp", {
      method: "POST",
      input: { name: "A", email: newEmail(), password: megabyte },
    });
    expect(tooLarge.status).toBe(413);
    expect(huge.error?.data.zodIssues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "password: use at most 128 characters",
    ]);
    const change = await trpc("account.changePassword", {
      cookie,
      method: "POST",
      input: { currentPassword: PASSWORD, newPassword: nearlyMegabyte },
    });
    expect(change.status).toBe(400);
    expect(JSON.stringify(change.error?.data.zodIssues)).toContain("at most 128");
    const longCurrent = await trpc("account.changePassword", {
      cookie,
      method: "POST",
      input: { currentPassword: nearlyMegabyte, newPassword: "a fine new password" },
    });
    expect(longCurrent.status).toBe(400);
    const badToken = await trpc("account.createToken", { cookie, method: "POST", input: { name: "n".repeat(61) } });
    expect(badToken.status).toBe(400);
    const badExpiry = await trpc("account.createToken", {
      cookie,
      method: "POST",
      input: { name: "ok", expiresInDays: 100_000 },
    });
    expect(badExpiry.status).toBe(400);
    const badId = await trpc("account.revokeToken", { cookie, method: "POST", input: { id: "'; DROP TABLE--" } });
    expect(badId.status).toBe(400);
    const badSession = await trpc("account.revokeSession", { cookie, method: "POST", input: { id: "x".repeat(500) } });
    expect(badSession.status).toBe(400);

    // Through Auth.js: a 1 MB password or a 300-character email cannot match an account.
    expect((await signIn(newEmail(), megabyte)).cookie).toBeNull();
    expect((await signIn(`${"c".repeat(300)}@example.test`, PASSWORD)).cookie).toBeNull();

    expect(await counts()).toEqual(before);
    const userAfter = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(userAfter.passwordHash).toBe(userBefore.passwordHash);
    expect(userAfter.sessionVersion).toBe(userBefore.sessionVersion);
    expect((await trpc("account.me", { cookie })).status).toBe(200);
  });
});

describe("no account enumeration by timing", () => {
  // Known and unknown emails take turns, so load on the machine falls on both alike.
  async function medians(known: () => Promise<unknown>, unknown: () => Promise<unknown>, rounds = 7) {
    const samples = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      for (const [key, run] of [
        ["known", known],
        ["unknown", unknown],
      ] as const) {
        const start = performance.now();
        await run();
        samples[key].push(performance.now() - start);
      }
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
    return { known: median(samples.known), unknown: median(samples.unknown) };
  }

  // What must not happen is one side skipping the work the other does (the password hash, the rows
  // written): that shows as one median a fraction of the other.
  function expectSimilar(what: string, { known, unknown }: { known: number; unknown: number }) {
    console.log(`${what}: known email ${known.toFixed(1)} ms, unknown ${unknown.toFixed(1)} ms (medians of 7)`);
    expect(Math.min(known, unknown) / Math.max(known, unknown), what).toBeGreaterThan(0.6);
  }

  it("answers sign-in, sign-up and forgot-password in similar time whether or not the email exists", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    await signIn(newEmail(), "warm up the dummy hash");
    expectSimilar(
      "sign-in",
      await medians(
        () => signIn(email, "wrong password"),
        () => signIn(newEmail(), "wrong password"),
      ),
    );
    expectSimilar(
      "sign-up",
      await medians(
        () => callerFor(null).auth.signUp({ name: "A", email, password: PASSWORD }),
        () => callerFor(null).auth.signUp({ name: "A", email: newEmail(), password: PASSWORD }),
      ),
    );
    expectSimilar(
      "forgot-password",
      await medians(
        () => callerFor(null).auth.requestPasswordReset({ email }),
        () => callerFor(null).auth.requestPasswordReset({ email: newEmail() }),
      ),
    );
  });
});

describe("emails on request", () => {
  it("limits the emails one address can be sent, across sign-up, verification and reset, and sends none past it", async () => {
    // The product's policy, kept in this process (no Redis here); the suite raises it elsewhere.
    const limiter = (max: number) => new RateLimiter({ ...POLICIES.reset, max }, null);
    setRateLimiters({ api: limiter(1_000_000), login: limiter(5), reset: limiter(5) });
    try {
      const email = newEmail();
      const guest = callerFor(null).auth;
      await guest.signUp({ name: "Sam", email, password: PASSWORD });
      for (let i = 0; i < 2; i++) await guest.resendVerification({ email });
      for (let i = 0; i < 2; i++) await guest.requestPasswordReset({ email });
      const sent = () => mail.messages.filter((m) => m.to.includes(email)).length;
      // Five calls within the budget, five emails (they leave in the background).
      for (const end = Date.now() + 10_000; sent() < 5 && Date.now() < end;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(sent()).toBe(5);
      expect(await codeOf(guest.resendVerification({ email }))).toBe("TOO_MANY_REQUESTS");
      expect(await codeOf(guest.signUp({ name: "Sam", email, password: PASSWORD }))).toBe("TOO_MANY_REQUESTS");
      expect(await codeOf(guest.requestPasswordReset({ email }))).toBe("TOO_MANY_REQUESTS");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sent()).toBe(5);
      // The same caller cannot move on to other addresses either: its IP has used its budget too.
      expect(await codeOf(guest.resendVerification({ email: newEmail() }))).toBe("TOO_MANY_REQUESTS");
    } finally {
      setRateLimiters(null);
    }
  });
});
