import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Answer } from "../../../tests/production-server";

// Password guessing against the production server (`npm start`'s listener, real sockets), as an
// attacker would: rotating X-Forwarded-For, spellings of the address Auth.js accepts, JSON bodies.
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0000";

const { db } = await import("~/server/db");
const { hashPassword } = await import("./password");
const { POLICIES, RateLimiter, setRateLimiters } = await import("~/server/ratelimit");
const authRoute = await import("~/app/api/auth/[...nextauth]/route");
const { startProductionServer } = await import("../../../tests/production-server");
const { unique } = await import("../../../tests/fixtures");

const PASSWORD = "correct horse battery staple";
// Long enough for a burst of sign-ins on a loaded machine to fall inside one window, short enough to
// wait out once.
const WINDOW_MS = 12_000;
const routes = { "/api/auth": authRoute };
const direct = await startProductionServer({ trustedHops: 0, routes });
// Behind one proxy that appends the address it saw: the test writes that entry, as the proxy would.
const proxied = await startProductionServer({ trustedHops: 1, routes });

afterAll(async () => {
  setRateLimiters(null);
  await Promise.all([direct.close(), proxied.close()]);
});

// The product's sign-in policy (the suite raises it), with a short window so its end can be seen.
beforeEach(() => {
  const login = new RateLimiter({ ...POLICIES.login, max: 5, windowMs: WINDOW_MS }, null);
  const other = new RateLimiter({ ...POLICIES.api, max: 1_000_000 }, null);
  setRateLimiters({ api: other, login, reset: other });
});

async function account() {
  const email = `${unique("carol")}@example.test`;
  await db.user.create({
    data: { email, name: "Carol", emailVerified: new Date(), passwordHash: await hashPassword(PASSWORD) },
  });
  return email;
}

function cookieOf(answer: Answer): string {
  return (answer.headers["set-cookie"] ?? []).map((line) => line.split(";")[0]).join("; ");
}

type Server = typeof direct;
type Attempt = { email: string; password: string; encoding?: "form" | "json" | "repeated"; forwardedFor?: string };

// One sign-in as the browser makes it: Auth.js's CSRF token, then the credentials POST.
async function signIn(server: Server, attempt: Attempt) {
  const forwarded: Record<string, string> = attempt.forwardedFor ? { "x-forwarded-for": attempt.forwardedFor } : {};
  const csrf = await server.request("/api/auth/csrf", { headers: forwarded });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const fields = { email: attempt.email, password: attempt.password, csrfToken };
  const encoding = attempt.encoding ?? "form";
  const body =
    encoding === "json"
      ? JSON.stringify(fields)
      : encoding === "repeated"
        ? // Auth.js reads a repeated field's last value.
          `email=${encodeURIComponent(`${unique("decoy")}@example.test`)}&${new URLSearchParams(fields).toString()}`
        : new URLSearchParams(fields).toString();
  const answer = await server.request("/api/auth/callback/credentials", {
    method: "POST",
    headers: {
      ...forwarded,
      cookie: cookieOf(csrf),
      "content-type": encoding === "json" ? "application/json" : "application/x-www-form-urlencoded",
    },
    body,
  });
  const signedIn = (answer.headers["set-cookie"] ?? []).some((l) => /^authjs\.session-token=[^;]+/.test(l));
  return { status: answer.status, signedIn, retryAfter: Number(answer.headers["retry-after"] ?? 0) };
}

// The address as an attacker would vary it: padded, upper-cased, JSON, a repeated field.
function spelling(email: string, i: number): Pick<Attempt, "email" | "encoding"> {
  const forms: Pick<Attempt, "email" | "encoding">[] = [
    { email },
    { email: `${email} ` },
    { email: ` ${email.toUpperCase()}`, encoding: "json" },
    { email: `\t${email}\n`, encoding: "repeated" },
  ];
  return forms[i % forms.length]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("password sign-in limits", () => {
  beforeAll(async () => {
    // A right password signs in through the server at all.
    const email = await account();
    expect((await signIn(direct, { email, password: PASSWORD })).signedIn).toBe(true);
  });

  it("refuses the sixth guess whatever the client writes in X-Forwarded-For, the address or the encoding", async () => {
    const email = await account();
    const statuses = [];
    for (let i = 0; i < 10; i++) {
      const answer = await signIn(direct, {
        ...spelling(email, i),
        password: `guess ${i}`,
        forwardedFor: `6.6.6.${i}`,
      });
      expect(answer.signedIn).toBe(false);
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429]);

    // The right password does not get through until the window has passed.
    const right = await signIn(direct, { email: ` ${email} `, password: PASSWORD, forwardedFor: "6.6.6.99" });
    expect(right).toMatchObject({ status: 429, signedIn: false });
    expect(right.retryAfter).toBeGreaterThan(0);
    await sleep(right.retryAfter * 1000 + 200);
    expect((await signIn(direct, { email, password: PASSWORD })).signedIn).toBe(true);
  });

  it("limits one account across many real addresses, however its address is spelled", async () => {
    const email = await account();
    const statuses = [];
    for (let i = 0; i < 10; i++) {
      // Each guess from a different client, as the proxy saw it; the client's own entry in front varies too.
      const forwardedFor = `6.6.6.${i}, 198.51.100.${i + 1}`;
      statuses.push((await signIn(proxied, { ...spelling(email, i), password: `guess ${i}`, forwardedFor })).status);
    }
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429]);
    const right = await signIn(proxied, { email, password: PASSWORD, forwardedFor: "198.51.100.200" });
    expect(right).toMatchObject({ status: 429, signedIn: false });
  });

  it("limits one address sweeping many accounts, whatever it writes in X-Forwarded-For", async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      const email = `${unique("nobody")}@example.test`;
      statuses.push((await signIn(direct, { email, password: "guess", forwardedFor: `6.6.${i}.1` })).status);
    }
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it("records the socket's address on the session, not the one the client wrote", async () => {
    const email = await account();
    expect((await signIn(direct, { email, password: PASSWORD, forwardedFor: "6.6.6.6" })).signedIn).toBe(true);
    const session = await db.session.findFirstOrThrow({ where: { user: { email } } });
    expect(session.ip).toBe("127.0.0.1");
  });

  it("refuses an oversized body before Auth.js reads it", async () => {
    const email = await account();
    const answer = await direct.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password: PASSWORD, padding: "x".repeat(5 * 1024 * 1024) }).toString(),
    });
    expect(answer.status).toBe(413);
    const signOut = await direct.request("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `csrfToken=${"x".repeat(100_000)}`,
    });
    expect(signOut.status).toBe(413);
  });
});
