import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const ORIGIN = "http://localhost:3000";
let counter = 0;
const newEmail = () => `person${Date.now().toString(36)}${++counter}@example.test`;
const PASSWORD = "correct horse battery staple";

function cookiesFrom(res: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, ...value] = pair!.split("=");
    jar.set(name!.trim(), value.join("="));
  }
  return jar;
}

// Signs in through Auth.js's own routes, as the sign-in page does: CSRF token, then the credentials POST.
async function signIn(email: string, password: string): Promise<{ cookie: string | null; location: string }> {
  const csrfRes = await handlers.GET(new Request(`${ORIGIN}/api/auth/csrf`) as never);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = [...cookiesFrom(csrfRes)].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await handlers.POST(
    new Request(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, origin: ORIGIN },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: ORIGIN }).toString(),
    }) as never,
  );
  const jar = cookiesFrom(res);
  const name = SESSION_COOKIES.find((n) => jar.get(n));
  return { cookie: name ? `${name}=${jar.get(name)}` : null, location: res.headers.get("location") ?? "" };
}

async function trpc(path: string, init: { cookie?: string; token?: string; input?: unknown; method?: "GET" | "POST" }) {
  const headers = new Headers({ origin: ORIGIN, host: "localhost:3000" });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  const method = init.method ?? "GET";
  const input = init.input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: init.input }))}`;
  const req =
    method === "GET"
      ? new Request(`${ORIGIN}/api/trpc/${path}${input}`, { headers })
      : new Request(`${ORIGIN}/api/trpc/${path}`, {
          method,
          headers: { ...Object.fromEntries(headers), "content-type": "application/json" },
          body: JSON.stringify({ json: init.input ?? null }),
        });
  const res = await (method === "GET" ? trpcRoute.GET(req) : trpcRoute.POST(req));
  const body = (await res.json()) as {
    result?: { data: { json: unknown } };
    error?: { json: { message: string; data: { code: string } } };
  };
  return { status: res.status, data: body.result?.data.json, error: body.error?.json };
}

async function signUpAndVerify(email: string, password = PASSWORD) {
  await callerFor(null).auth.signUp({ name: "Pat", email, password });
  const message = await mail.waitFor(email, /Confirm your email/);
  await callerFor(null).auth.verifyEmail({ token: linkToken(message, "/verify-email") });
}

afterAll(async () => {
  await mail.close();
});

describe("accounts", () => {
  beforeAll(() => {
    expect(process.env.SMTP_PORT).toBe(String(mail.port));
  });

  it("signs up, verifies through the emailed link, signs in and makes a protected call", async () => {
    const email = newEmail();
    await callerFor(null).auth.signUp({ name: "Pat", email, password: PASSWORD });
    expect((await signIn(email, PASSWORD)).cookie).toBeNull();
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
    // The owner of the taken address is told, and the password is not changed by the second sign-up.
    await mail.waitFor(taken, /already have a Taskmanager account/);
    expect((await signIn(taken, PASSWORD)).cookie).not.toBeNull();
  });

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

  it("revokes another live session when the password changes", async () => {
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
    expect((await trpc("account.me", { cookie: laptop.cookie! })).status).toBe(200);
    const sessions = await trpc("account.sessions", { cookie: laptop.cookie! });
    expect((sessions.data as unknown[]).length).toBe(1);
  });

  it("signs out everywhere else", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    const a = await signIn(email, PASSWORD);
    const b = await signIn(email, PASSWORD);
    const result = await trpc("account.signOutEverywhere", { cookie: a.cookie!, method: "POST" });
    expect((result.data as { revoked: number }).revoked).toBe(1);
    expect((await trpc("account.me", { cookie: b.cookie! })).status).toBe(401);
  });

  it("ignores the session cookie on a cross-site POST", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    const { cookie } = await signIn(email, PASSWORD);
    const req = new Request(`${ORIGIN}/api/trpc/account.signOutEverywhere`, {
      method: "POST",
      headers: {
        cookie: cookie!,
        origin: "https://evil.example",
        host: "localhost:3000",
        "content-type": "application/json",
      },
      body: JSON.stringify({ json: null }),
    });
    expect((await trpcRoute.POST(req)).status).toBe(401);
  });

  it("creates an API token, calls with it, revokes it, and is refused after", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    const { cookie } = await signIn(email, PASSWORD);
    const created = await trpc("account.createToken", {
      cookie: cookie!,
      method: "POST",
      input: { name: "ci", expiresInDays: 30 },
    });
    const { secret, token } = created.data as { secret: string; token: { id: string; prefix: string } };
    expect(secret).toMatch(/^tmk_/);
    expect(secret.startsWith(token.prefix)).toBe(true);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).not.toContain(secret.slice(4));

    const me = await trpc("account.me", { token: secret });
    expect((me.data as { email: string }).email).toBe(email);
    const listed = await trpc("account.tokens", { token: secret });
    expect((listed.data as { prefix: string; lastUsedAt: string | null }[])[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.data)).not.toContain(secret);

    await trpc("account.revokeToken", { cookie: cookie!, method: "POST", input: { id: token.id } });
    const refused = await trpc("account.me", { token: secret });
    expect(refused.status).toBe(401);
    expect(refused.error?.message).toMatch(/revoked or expired/);
  });

  it("refuses an expired token and a malformed one", async () => {
    const email = newEmail();
    await signUpAndVerify(email);
    const { cookie } = await signIn(email, PASSWORD);
    const created = await trpc("account.createToken", {
      cookie: cookie!,
      method: "POST",
      input: { name: "old", expiresInDays: 1 },
    });
    const { secret, token } = created.data as { secret: string; token: { id: string } };
    await db.apiToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await trpc("account.me", { token: secret })).status).toBe(401);
    const malformed = await trpc("account.me", { token: "tmk_not-a-token" });
    expect(malformed.status).toBe(401);
    expect(malformed.error?.message).toMatch(/not a well-formed/);
  });

  it("refuses bad input with a clear error and changes nothing", async () => {
    const users = await db.user.count();
    const tokens = await db.authToken.count();
    const anon = callerFor(null);
    expect(
      await codeOf(anon.auth.signUp({ name: "A", email: `${"a".repeat(250)}@example.test`, password: PASSWORD })),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(anon.auth.signUp({ name: "A", email: newEmail(), password: "x".repeat(1_048_576) }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(anon.auth.signUp({ name: "A", email: "not-an-email", password: PASSWORD }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(anon.auth.resetPassword({ token: "short", password: PASSWORD }))).toBe("BAD_REQUEST");
    expect(await codeOf(anon.auth.verifyEmail({ token: "x".repeat(43) }))).toBe("BAD_REQUEST");
    const huge = await signIn(newEmail(), "x".repeat(1_048_576));
    expect(huge.cookie).toBeNull();
    expect(await db.user.count()).toBe(users);
    expect(await db.authToken.count()).toBe(tokens);
  });
});
