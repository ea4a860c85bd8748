import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type * as passwordModule from "~/server/auth/password";

type PasswordModule = typeof passwordModule;

// The API's limits as a client that tries to walk around them sees them, on the production server's
// direct tRPC path (real sockets; other loopback addresses stand for other clients).

// Counts the password hashes made, so a test can see whether a call did the expensive work.
const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock("~/server/auth/password", async (importOriginal) => {
  const real = await importOriginal<PasswordModule>();
  return {
    ...real,
    hashPassword: (password: string) => {
      hashes.count++;
      return real.hashPassword(password);
    },
  };
});

const { db } = await import("~/server/db");
const { MAX_BATCH_SIZE } = await import("~/lib/trpc-limits");
const { POLICIES, RateLimiter, setRateLimiters } = await import("~/server/ratelimit");
const { hashPassword } = await import("~/server/auth/password");
const { secondLoopbackAddress, startProductionServer } = await import("../../../tests/production-server");
const { callerFor, codeOf, makeTeam, makeUser, sessionFor } = await import("../../../tests/fixtures");
const { createCaller } = await import("~/server/api/root");
const { createContext } = await import("~/server/api/trpc");
const { createApiToken } = await import("~/server/auth/api-tokens");

const direct = await startProductionServer({ trustedHops: 0, routes: {} });
const secondClient = await secondLoopbackAddress();

afterAll(async () => {
  setRateLimiters(null);
  await direct.close();
});

function limits(api: number, login = 5) {
  setRateLimiters({
    api: new RateLimiter({ ...POLICIES.api, max: api }, null),
    login: new RateLimiter({ ...POLICIES.login, max: login }, null),
    reset: new RateLimiter({ ...POLICIES.reset, max: 1_000_000 }, null),
  });
}

beforeEach(() => limits(1_000_000));

const ping = (init: { headers?: Record<string, string>; from?: string } = {}) =>
  direct.request("/api/trpc/health.ping", init);

describe("the API limit", () => {
  it("counts calls that claim to come from a server component", async () => {
    limits(3);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await ping({ headers: { "x-trpc-source": "rsc" } })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it("does not let a browser on another origin send that header at all", async () => {
    const preflight = await direct.request("/api/trpc/health.ping", {
      method: "OPTIONS",
      headers: { origin: "http://localhost:3000", "access-control-request-method": "GET" },
    });
    expect(preflight.headers["access-control-allow-headers"] ?? "").not.toMatch(/x-trpc-source/);
  });

  it.skipIf(!secondClient)(
    "keeps a bucket per client address on the direct path, not one for every anonymous caller",
    async () => {
      limits(3);
      const first = [];
      for (let i = 0; i < 4; i++) first.push((await ping({ from: secondClient! })).status);
      expect(first).toEqual([200, 200, 200, 429]);
      // Another client is not blocked by the first, and rotating X-Forwarded-For gives the first nothing.
      expect((await ping({ from: "127.0.0.1" })).status).toBe(200);
      const spoofed = await ping({ from: secondClient!, headers: { "x-forwarded-for": "198.51.100.7" } });
      expect(spoofed.status).toBe(429);
    },
  );

  it("refuses a batch larger than the client sends, before running any of it", async () => {
    const paths = (n: number) => Array.from({ length: n }, () => "health.ping").join(",");
    const ok = await direct.request(`/api/trpc/${paths(MAX_BATCH_SIZE)}?batch=1`);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toHaveLength(MAX_BATCH_SIZE);

    limits(100);
    const tooMany = await direct.request(`/api/trpc/${paths(900)}?batch=1`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatch(/Batch call exceeds maximum size/);
    // Nothing of it ran: the whole limit is still there.
    const after = await direct.request(`/api/trpc/${paths(MAX_BATCH_SIZE)}?batch=1`);
    expect(after.status).toBe(200);
  });
});

describe("a live stream", () => {
  it("counts once however many events it carries, and is written as they come", async () => {
    const team = await makeTeam();
    const { secret } = await createApiToken(db, team.member.id, { name: "live", expiresAt: null });
    limits(3);
    const input = encodeURIComponent(JSON.stringify({ json: { projectId: team.project.id } }));
    const controller = new AbortController();
    const res = await fetch(`${direct.base}/api/trpc/live.project?input=${input}`, {
      headers: { authorization: `Bearer ${secret}`, accept: "text/event-stream" },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    // Someone else's changes, in process, so that their own calls do not count against the limit.
    const ownerContext = createContext({ headers: new Headers(), session: sessionFor(team.owner), inProcess: true });
    const owner = createCaller(ownerContext);
    const created = [];
    try {
      for (let i = 0; i < 5; i++) created.push(await owner.task.create({ projectId: team.project.id, title: `T${i}` }));
      const deadline = Date.now() + 5_000;
      while (created.some((t) => !text.includes(t.id)) && Date.now() < deadline)
        text += (await reader.read()).value ?? "";
    } finally {
      controller.abort();
    }
    // Five changes arrived on the one stream, each with its sequence number as the event id.
    expect(created.filter((t) => text.includes(t.id))).toHaveLength(5);
    expect(text.match(/^id: \d+$/gm)?.length).toBeGreaterThanOrEqual(5);
    // It opens by asking the browser to come back 1–2 s after it ends, not EventSource's fixed 3 s.
    expect(text).toMatch(/^retry: 1\d{3}\n\n/);
    // The stream took one call of three; two are left.
    const me = () => direct.request("/api/trpc/account.me", { headers: { authorization: `Bearer ${secret}` } });
    expect([(await me()).status, (await me()).status, (await me()).status]).toEqual([200, 200, 429]);
  });
});

describe("password checks", () => {
  it("limits wrong current passwords on change password, per account", async () => {
    limits(1_000_000, 5);
    const user = await makeUser();
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword("the real password") } });
    const caller = callerFor(user);
    const codes = [];
    for (let i = 0; i < 7; i++) {
      codes.push(
        await codeOf(caller.account.changePassword({ currentPassword: `guess ${i}`, newPassword: "new one!!" })),
      );
    }
    expect(codes).toEqual([...Array<string>(5).fill("BAD_REQUEST"), "TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
    // Even the right password waits for the window.
    expect(
      await codeOf(caller.account.changePassword({ currentPassword: "the real password", newPassword: "new one!!" })),
    ).toBe("TOO_MANY_REQUESTS");
  });

  it("checks a reset link before hashing the new password", async () => {
    const before = hashes.count;
    const forged = "A".repeat(43);
    expect(await codeOf(callerFor(null).auth.resetPassword({ token: forged, password: "a new password" }))).toBe(
      "BAD_REQUEST",
    );
    expect(hashes.count).toBe(before);
  });
});
