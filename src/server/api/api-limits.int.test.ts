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
const { callerFor, codeOf, makeUser } = await import("../../../tests/fixtures");

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
