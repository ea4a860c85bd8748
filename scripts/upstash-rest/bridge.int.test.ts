import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { afterAll, describe, expect, it } from "vitest";
import { REDIS_URL, requireRedis } from "../../tests/redis";
import { startUpstashBridge, type UpstashBridge } from "./bridge";

const available = await requireRedis();
const TOKEN = "bridge-test-token";
const prefix = `bridge-test:${Date.now().toString(36)}:`;

describe.skipIf(!available)("Upstash REST bridge", () => {
  let bridge: UpstashBridge;
  let redis: Redis;

  it("starts in front of Redis", async () => {
    bridge = await startUpstashBridge({ redisUrl: REDIS_URL, token: TOKEN });
    redis = new Redis({ url: bridge.url, token: TOKEN, retry: false });
    expect(await redis.ping()).toBe("PONG");
  });

  afterAll(async () => {
    if (!bridge) return;
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await bridge.close();
  });

  it("runs strings, counters and expiry, with values the client serialises", async () => {
    expect(await redis.set(`${prefix}a`, "héllo ✓")).toBe("OK");
    expect(await redis.get(`${prefix}a`)).toBe("héllo ✓");
    await redis.set(`${prefix}obj`, { n: 1, list: ["x"] });
    expect(await redis.get(`${prefix}obj`)).toEqual({ n: 1, list: ["x"] });
    expect(await redis.incr(`${prefix}n`)).toBe(1);
    expect(await redis.incrby(`${prefix}n`, 41)).toBe(42);
    expect(await redis.expire(`${prefix}n`, 100)).toBe(1);
    expect(await redis.ttl(`${prefix}n`)).toBeGreaterThan(90);
    expect(await redis.mget(`${prefix}a`, `${prefix}missing`)).toEqual(["héllo ✓", null]);
    expect(await redis.del(`${prefix}a`)).toBe(1);
    expect(await redis.get(`${prefix}a`)).toBeNull();
  });

  it("runs hashes, lists, sets and sorted sets", async () => {
    await redis.hset(`${prefix}h`, { f1: "v1", f2: "OK" });
    expect(await redis.hgetall(`${prefix}h`)).toEqual({ f1: "v1", f2: "OK" });
    await redis.rpush(`${prefix}l`, "one", "two", "three");
    expect(await redis.lrange(`${prefix}l`, 0, -1)).toEqual(["one", "two", "three"]);
    await redis.sadd(`${prefix}s`, "x", "y");
    expect((await redis.smembers(`${prefix}s`)).sort()).toEqual(["x", "y"]);
    await redis.zadd(`${prefix}z`, { score: 2, member: "b" }, { score: 1, member: "a" });
    expect(await redis.zrange(`${prefix}z`, 0, -1)).toEqual(["a", "b"]);
  });

  it("runs a pipeline and a transaction, and reports errors inside them", async () => {
    const p = redis.pipeline();
    p.set(`${prefix}p1`, "1");
    p.incr(`${prefix}p1`);
    p.get(`${prefix}p1`);
    expect(await p.exec()).toEqual(["OK", 2, 2]);
    const tx = redis.multi();
    tx.set(`${prefix}t1`, "OK");
    tx.get(`${prefix}t1`);
    expect(await tx.exec()).toEqual(["OK", "OK"]);
    await redis.set(`${prefix}str`, "text");
    const bad = redis.pipeline();
    bad.incr(`${prefix}str`);
    await expect(bad.exec()).rejects.toThrow(/not an integer/);
  });

  it("raises a Redis error as an error", async () => {
    await redis.set(`${prefix}wrongtype`, "v");
    await expect(redis.lpush(`${prefix}wrongtype`, "x")).rejects.toThrow(/WRONGTYPE/);
  });

  it("refuses a missing or wrong token", async () => {
    const res = await fetch(bridge.url, { method: "POST", body: JSON.stringify(["PING"]) });
    expect(res.status).toBe(401);
    const wrong = await fetch(bridge.url, {
      method: "POST",
      headers: { authorization: "Bearer nope" },
      body: JSON.stringify(["PING"]),
    });
    expect(wrong.status).toBe(401);
    const pipeline = await fetch(`${bridge.url}/pipeline`, { method: "POST", body: JSON.stringify([["PING"]]) });
    expect(pipeline.status).toBe(401);
  });

  it("answers malformed bodies with 400", async () => {
    const res = await fetch(bridge.url, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: "{not json",
    });
    expect(res.status).toBe(400);
  });

  it("runs scripts with the ratelimit shebang flag, and falls back after SCRIPT FLUSH", async () => {
    const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCR', KEYS[1])";
    expect(await redis.eval(script, [`${prefix}lua`], [])).toBe(1);
    const sha = await redis.scriptLoad(script);
    expect(await redis.evalsha(sha, [`${prefix}lua`], [])).toBe(2);
    await redis.scriptFlush();
    await expect(redis.evalsha(sha, [`${prefix}lua`], [])).rejects.toThrow(/NOSCRIPT/);
  });

  for (const [name, limiter] of [
    ["fixed window", Ratelimit.fixedWindow(5, "10 s")],
    ["sliding window", Ratelimit.slidingWindow(5, "10 s")],
    ["token bucket", Ratelimit.tokenBucket(5, "10 s", 5)],
  ] as const) {
    it(`limits with the ${name} algorithm`, async () => {
      const ratelimit = new Ratelimit({ redis, limiter, prefix: `${prefix}rl`, ephemeralCache: false, timeout: 3_000 });
      const id = `${name}-user`;
      const results = [];
      for (let i = 0; i < 7; i++) results.push(await ratelimit.limit(id));
      expect(results.map((r) => r.success)).toEqual([true, true, true, true, true, false, false]);
      // A limiter that timed out would let everything through; make sure Redis answered.
      expect(results.every((r) => r.reason !== "timeout")).toBe(true);
      expect(results[4]!.remaining).toBe(0);
    });
  }

  it("allows exactly the limit under 200 concurrent calls", async () => {
    const ratelimit = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(50, "30 s"),
      prefix: `${prefix}burst`,
      ephemeralCache: false,
      timeout: 10_000,
    });
    const results = await Promise.all(Array.from({ length: 200 }, () => ratelimit.limit("burst")));
    expect(results.filter((r) => r.success)).toHaveLength(50);
    expect(results.some((r) => r.reason === "timeout")).toBe(false);
  });
});
