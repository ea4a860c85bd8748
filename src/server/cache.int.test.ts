import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstashBridge } from "../../tools/upstash-rest/bridge";
import { bridgePair, REDIS_URL } from "../../tests/redis";

// Two app instances share one Redis; each talks to it through its own Upstash REST endpoint.
const TOKEN = "cache-test-token";
const bridges = await bridgePair(TOKEN);
const available = bridges.length > 0;
if (available) process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0000";

const { createRedis } = await import("./redis");
const { cacheStats, useCacheRedis } = await import("./cache");
const { POLICIES, RateLimiter, setRateLimiters } = await import("./ratelimit");
const { db } = await import("./db");
const { detailedHealth } = await import("./health");
const { callerFor, makeTeam } = await import("../../tests/fixtures");

// The suite raises the app's limits (vitest.config.ts); these tests use the product's login policy.
const LOGIN = () => ({ ...POLICIES.login, max: 5 });
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const runAddress = `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 254) + 1).join(".")}`;

afterAll(async () => {
  useCacheRedis(undefined);
  await Promise.all(bridges.map((b) => b.close()));
});

describe.skipIf(!available)("rate limits in Redis", () => {
  it("answers the 6th login attempt in a minute with 429 and Retry-After", async () => {
    const route = await import("~/app/api/auth/[...nextauth]/route");
    const attempt = () =>
      route.POST(
        new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            // The address the server in front resolved; one of this run's own, as Redis outlives runs.
            "x-forwarded-for": runAddress,
          },
          body: new URLSearchParams({ email: `victim-${run}@example.test`, password: "guess" }).toString(),
        }),
      );
    const login = new RateLimiter(LOGIN(), createRedis(bridges[0]!.url, TOKEN, 3_000));
    setRateLimiters({ api: login, login, reset: login });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    const sixth = await attempt();
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await sixth.json()) as { error: string }).error).toMatch(/Too many sign-in attempts/);
    setRateLimiters(null);
  });

  it("holds one limit across two instances sharing Redis", async () => {
    const a = new RateLimiter(LOGIN(), createRedis(bridges[0]!.url, TOKEN, 3_000));
    const b = new RateLimiter(LOGIN(), createRedis(bridges[1]!.url, TOKEN, 3_000));
    const id = `shared-${run}`;
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await a.limit(id), await b.limit(id));
    expect(results.map((r) => r.success)).toEqual([true, true, true, true, true, false]);
    expect(results.every((r) => r.source === "redis")).toBe(true);
  });

  it("fails open for the API and falls back to a local limit for login when Redis is unreachable", async () => {
    const dead = createRedis("http://127.0.0.1:1", TOKEN, 200);
    const api = new RateLimiter({ ...POLICIES.api, max: 2 }, dead);
    const login = new RateLimiter(LOGIN(), dead);
    const apiResults = await Promise.all([1, 2, 3, 4].map(() => api.limit("x")));
    expect(apiResults.every((r) => r.success && r.source === "open")).toBe(true);
    const loginResults = [];
    for (let i = 0; i < 6; i++) loginResults.push(await login.limit("y"));
    expect(loginResults.map((r) => r.success)).toEqual([true, true, true, true, true, false]);
    expect(loginResults.every((r) => r.source === "local")).toBe(true);
  });
});

describe.skipIf(!available)("the shared cache", () => {
  let team: Awaited<ReturnType<typeof makeTeam>>;
  const instanceA = () => createRedis(bridges[0]!.url, TOKEN);
  const instanceB = () => createRedis(bridges[1]!.url, TOKEN);

  beforeAll(async () => {
    team = await makeTeam();
    await callerFor(team.owner).task.create({ projectId: team.project.id, title: "Original title" });
  });

  it("serves a list from Redis, and is correct right after another instance writes", async () => {
    const owner = callerFor(team.owner);
    useCacheRedis(instanceA());
    const first = await owner.task.list({ projectId: team.project.id });
    const task = first.items[0]!;
    // A change made behind the app's back is not seen: the second read came from Redis.
    await db.task.update({ where: { id: task.id }, data: { title: "Changed behind the cache" } });
    const second = await owner.task.list({ projectId: team.project.id });
    expect(second.items[0]!.title).toBe("Original title");

    // Another instance writes through the app: its invalidation reaches this instance at once.
    useCacheRedis(instanceB());
    const fresh = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    await callerFor(team.member).task.update({ id: task.id, version: fresh.version, title: "Renamed by instance B" });
    useCacheRedis(instanceA());
    const third = await owner.task.list({ projectId: team.project.id });
    expect(third.items[0]!.title).toBe("Renamed by instance B");
  });

  it("re-checks membership at once when a member is removed elsewhere", async () => {
    useCacheRedis(instanceA());
    const member = callerFor(team.member);
    await member.project.list({ workspaceId: team.workspace.id });
    useCacheRedis(instanceB());
    await callerFor(team.owner).workspace.removeMember({ workspaceId: team.workspace.id, userId: team.member.id });
    useCacheRedis(instanceA());
    await expect(member.project.list({ workspaceId: team.workspace.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps serving when Redis goes away, reports degraded, and uses the cache again when it returns", async () => {
    const bridge = await startUpstashBridge({ redisUrl: REDIS_URL, token: TOKEN });
    const redis = createRedis(bridge.url, TOKEN);
    useCacheRedis(redis);
    const owner = callerFor(team.owner);
    await owner.task.list({ projectId: team.project.id, limit: 7 });
    expect((await detailedHealth(db, redis)).status).toBe("ok");

    await bridge.close();
    const errors = cacheStats.errors;
    const started = Date.now();
    const during = await owner.task.list({ projectId: team.project.id, limit: 7 });
    expect(during.items.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(cacheStats.errors).toBeGreaterThan(errors);
    const degraded = await detailedHealth(db, redis);
    expect(degraded).toMatchObject({ status: "degraded", services: { database: "healthy", redis: "unhealthy" } });

    const back = await startUpstashBridge({ redisUrl: REDIS_URL, token: TOKEN, port: bridge.port });
    try {
      const fresh = await owner.task.list({ projectId: team.project.id, limit: 7 });
      const task = fresh.items[0]!;
      await db.task.update({ where: { id: task.id }, data: { title: "Behind the cache again" } });
      const again = await owner.task.list({ projectId: team.project.id, limit: 7 });
      expect(again.items[0]!.title).toBe(task.title);
      expect((await detailedHealth(db, redis)).status).toBe("ok");
    } finally {
      await back.close();
    }
  });
});
