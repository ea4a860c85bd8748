import { createHash } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { MultiRegionRatelimit, Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { Redis as IORedis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_URL, requireRedis } from "../../tests/redis";
import { startUpstashBridge, stripUpstashFlags, type UpstashBridge } from "./bridge";

// The real @upstash/redis and @upstash/ratelimit clients, through the bridge, against a real Redis.
const available = await requireRedis();
const TOKEN = "bridge-test-token";
const prefix = `bridge-test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:`;
const FLAG = "#!lua flags=allow-key-locking\n";
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
const b64 = (text: string) => Buffer.from(text).toString("base64");

describe.skipIf(!available)("Upstash REST bridge", () => {
  let bridge: UpstashBridge;
  let redis: Redis;
  let direct: IORedis;
  const k = (name: string) => `${prefix}${name}`;

  // The protocol as sent on the wire, for what the client hides.
  const raw = (path: string, init: RequestInit & { auth?: string | null; headers?: Record<string, string> } = {}) => {
    const { auth = TOKEN, headers = {}, ...rest } = init;
    return fetch(`${bridge.url}${path}`, {
      method: "POST",
      ...rest,
      headers: { ...(auth === null ? {} : { authorization: `Bearer ${auth}` }), ...headers },
    });
  };
  const rawJson = async (path: string, init: Parameters<typeof raw>[1] = {}) => {
    const res = await raw(path, init);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl: REDIS_URL, token: TOKEN });
    redis = new Redis({ url: bridge.url, token: TOKEN, retry: false, enableTelemetry: false });
    direct = new IORedis(REDIS_URL, { lazyConnect: true });
    await direct.connect();
  });

  afterAll(async () => {
    if (direct) {
      const keys = await direct.keys(`${prefix}*`);
      if (keys.length > 0) await direct.del(...keys);
      direct.disconnect();
    }
    await bridge?.close();
  });

  describe("commands through @upstash/redis", () => {
    it("answers PING", async () => {
      expect(await redis.ping()).toBe("PONG");
    });

    it("runs strings, counters and expiry", async () => {
      expect(await redis.set(k("s"), "héllo ✓ 🚀")).toBe("OK");
      expect(await redis.get(k("s"))).toBe("héllo ✓ 🚀");
      expect(await redis.get(k("missing"))).toBeNull();
      expect(await redis.set(k("s"), "other", { nx: true })).toBeNull();
      expect(await redis.incr(k("n"))).toBe(1);
      expect(await redis.incrby(k("n"), 41)).toBe(42);
      expect(await redis.decr(k("n"))).toBe(41);
      expect(await redis.incrbyfloat(k("f"), 1.5)).toBe(1.5);
      expect(await redis.ttl(k("n"))).toBe(-1);
      expect(await redis.expire(k("n"), 100)).toBe(1);
      expect(await redis.ttl(k("n"))).toBeGreaterThan(90);
      await redis.set(k("ex"), "v", { ex: 50 });
      expect(await redis.ttl(k("ex"))).toBeGreaterThan(40);
      expect(await redis.exists(k("s"), k("n"), k("missing"))).toBe(2);
      expect(await redis.mget(k("s"), k("missing"), k("n"))).toEqual(["héllo ✓ 🚀", null, 41]);
      expect(await redis.del(k("s"), k("missing"))).toBe(1);
      expect(await redis.get(k("s"))).toBeNull();
      expect(await redis.type(k("n"))).toBe("string");
    });

    it("round-trips the values the client serialises, including strings that look like base64", async () => {
      const value = { id: 7, tags: ["a", "b"], nested: { ok: true, none: null }, text: "ünïcode" };
      await redis.set(k("json"), value);
      expect(await redis.get(k("json"))).toEqual(value);
      await redis.set(k("arr"), [1, "two", { three: 3 }]);
      expect(await redis.get(k("arr"))).toEqual([1, "two", { three: 3 }]);
      await redis.set(k("bool"), true);
      expect(await redis.get(k("bool"))).toBe(true);
      // "PONG" and "T0s=" are valid base64 themselves: a bridge that sent them unencoded would be caught.
      for (const text of ["OK", "PONG", "T0s=", "", " spaces ", "line\nbreak"]) {
        await redis.set(k("text"), text);
        expect(await redis.get(k("text"))).toBe(text);
      }
    });

    it("runs hashes", async () => {
      expect(await redis.hset(k("h"), { f1: "v1", f2: "OK", n: 3 })).toBe(3);
      expect(await redis.hget(k("h"), "f1")).toBe("v1");
      expect(await redis.hgetall(k("h"))).toEqual({ f1: "v1", f2: "OK", n: 3 });
      expect(await redis.hincrby(k("h"), "n", 2)).toBe(5);
      expect(await redis.hexists(k("h"), "f2")).toBe(1);
      expect((await redis.hkeys(k("h"))).sort()).toEqual(["f1", "f2", "n"]);
      expect(await redis.hmget(k("h"), "f1", "nope")).toEqual({ f1: "v1", nope: null });
      expect(await redis.hdel(k("h"), "f1")).toBe(1);
      expect(await redis.hlen(k("h"))).toBe(2);
      expect(await redis.hgetall(k("missing"))).toBeNull();
    });

    it("runs lists", async () => {
      expect(await redis.rpush(k("l"), "one", "two", "three")).toBe(3);
      expect(await redis.lpush(k("l"), "zero")).toBe(4);
      expect(await redis.lrange(k("l"), 0, -1)).toEqual(["zero", "one", "two", "three"]);
      expect(await redis.lindex(k("l"), 1)).toBe("one");
      expect(await redis.lpop(k("l"))).toBe("zero");
      expect(await redis.rpop(k("l"))).toBe("three");
      expect(await redis.llen(k("l"))).toBe(2);
      expect(await redis.ltrim(k("l"), 0, 0)).toBe("OK");
      expect(await redis.lrange(k("l"), 0, -1)).toEqual(["one"]);
    });

    it("runs sets", async () => {
      expect(await redis.sadd(k("set"), "x", "y", "z")).toBe(3);
      expect((await redis.smembers(k("set"))).sort()).toEqual(["x", "y", "z"]);
      expect(await redis.sismember(k("set"), "y")).toBe(1);
      expect(await redis.srem(k("set"), "y")).toBe(1);
      expect(await redis.scard(k("set"))).toBe(2);
      expect(await redis.smembers(k("missing"))).toEqual([]);
    });

    it("runs sorted sets, with scores as Upstash (RESP2) answers them", async () => {
      expect(await redis.zadd(k("z"), { score: 2, member: "b" }, { score: 1.5, member: "a" })).toBe(2);
      expect(await redis.zrange(k("z"), 0, -1)).toEqual(["a", "b"]);
      // Flat [member, score, …]: RESP3 would nest the pairs and the client would misread them.
      expect(await redis.zrange(k("z"), 0, -1, { withScores: true })).toEqual(["a", 1.5, "b", 2]);
      expect(await redis.zrange(k("z"), 2, 10, { byScore: true })).toEqual(["b"]);
      expect(await redis.zscore(k("z"), "a")).toBe(1.5);
      expect(await redis.zincrby(k("z"), 10, "a")).toBe(11.5);
      expect(await redis.zrank(k("z"), "a")).toBe(1);
      expect(await redis.zcard(k("z"))).toBe(2);
      expect(await redis.zrem(k("z"), "b")).toBe(1);
      expect(await redis.zscore(k("z"), "b")).toBeNull();
    });

    it("batches concurrent calls (auto-pipelining) and keeps every answer in its place", async () => {
      const keys = Array.from({ length: 50 }, (_, i) => k(`auto:${i}`));
      await Promise.all(keys.map((key, i) => redis.set(key, i)));
      expect(await Promise.all(keys.map((key) => redis.get(key)))).toEqual(keys.map((_, i) => i));
      expect(await Promise.all(keys.map((key) => redis.incr(key)))).toEqual(keys.map((_, i) => i + 1));
    });

    it("runs an explicit pipeline and reports the failing command", async () => {
      const p = redis.pipeline();
      p.set(k("p1"), "1");
      p.incr(k("p1"));
      p.get(k("p1"));
      p.hset(k("p2"), { a: "OK" });
      p.hgetall(k("p2"));
      expect(await p.exec()).toEqual(["OK", 2, 2, 1, { a: "OK" }]);

      await redis.set(k("str"), "text");
      const bad = redis.pipeline();
      bad.incr(k("p1"));
      bad.incr(k("str"));
      await expect(bad.exec()).rejects.toThrow(/Command 2 \[ incr \] failed: ERR value is not an integer/);
      // The other commands still ran, as in a Redis pipeline.
      expect(await redis.get(k("p1"))).toBe(3);
      const kept = redis.pipeline();
      kept.incr(k("str"));
      kept.get(k("p1"));
      const results = await kept.exec({ keepErrors: true });
      expect(results[0]?.error).toMatch(/not an integer/);
      expect(results[1]).toMatchObject({ result: 3 });
    });

    it("runs a transaction atomically through /multi-exec", async () => {
      const tx = redis.multi();
      tx.set(k("t1"), "OK");
      tx.incr(k("t2"));
      tx.get(k("t1"));
      tx.lrange(k("missing"), 0, -1);
      expect(await tx.exec()).toEqual(["OK", 1, "OK", []]);

      // A command failing while it runs fails alone (as in Redis); the others are applied.
      await redis.set(k("tstr"), "text");
      const runtime = redis.multi();
      runtime.incr(k("t2"));
      runtime.lpush(k("tstr"), "x");
      await expect(runtime.exec()).rejects.toThrow(/WRONGTYPE/);
      expect(await redis.get(k("t2"))).toBe(2);

      // A command Redis refuses to queue discards the whole transaction.
      const aborted = await rawJson("/multi-exec", {
        body: JSON.stringify([
          ["INCR", k("t2")],
          ["NOSUCHCOMMAND", "x"],
        ]),
      });
      expect(aborted.status).toBe(400);
      expect(String((aborted.body as { error: string }).error)).toMatch(/EXECABORT.*unknown command/);
      expect(await redis.get(k("t2"))).toBe(2);
    });

    it("turns a Redis error into a thrown UpstashError", async () => {
      await redis.set(k("wrongtype"), "v");
      await expect(redis.lpush(k("wrongtype"), "x")).rejects.toThrow(/WRONGTYPE/);
      await expect(redis.eval("return redis.call('NOPE')", [], [])).rejects.toThrow(/Unknown Redis command/i);
    });

    it("delivers published messages to subscribe()", async () => {
      const channel = k("chan");
      const subscriber = redis.subscribe<{ n: number }>(channel);
      try {
        const subscribed = new Promise<number>((resolve) => subscriber.on("subscribe", resolve));
        const message = new Promise<unknown>((resolve) => subscriber.on("message", resolve));
        expect(await subscribed).toBe(1);
        expect(await redis.publish(channel, { n: 1 })).toBe(1);
        expect(await message).toEqual({ channel, message: { n: 1 } });
      } finally {
        await subscriber.unsubscribe();
      }
    });
  });

  describe("protocol", () => {
    it("base64-encodes every string at every depth when asked, and leaves numbers and nulls alone", async () => {
      const script = "return {'OK', 'PONG', 7, {'nested', 'OK'}, false}";
      const encoded = await rawJson("/", {
        headers: { "upstash-encoding": "base64" },
        body: JSON.stringify(["EVAL", script, "0"]),
      });
      expect(encoded).toEqual({
        status: 200,
        body: { result: [b64("OK"), b64("PONG"), 7, [b64("nested"), b64("OK")], null] },
      });
      expect(await rawJson("/", { headers: { "upstash-encoding": "base64" }, body: '["PING"]' })).toEqual({
        status: 200,
        body: { result: b64("PONG") },
      });
      const plain = await rawJson("/", { body: JSON.stringify(["EVAL", script, "0"]) });
      expect(plain.body).toEqual({ result: ["OK", "PONG", 7, ["nested", "OK"], null] });
      const pipeline = await rawJson("/pipeline", {
        headers: { "upstash-encoding": "base64" },
        body: JSON.stringify([
          ["SET", k("enc"), "v"],
          ["GET", k("enc")],
          ["INCR", k("enc")],
          ["GET", k("nope")],
        ]),
      });
      expect(pipeline.body).toEqual([
        { result: b64("OK") },
        { result: b64("v") },
        { error: "ERR value is not an integer or out of range" },
        { result: null },
      ]);
    });

    it("answers a failing single command with 400 and {error}", async () => {
      await redis.set(k("e"), "v");
      expect(await rawJson("/", { body: JSON.stringify(["LPUSH", k("e"), "x"]) })).toEqual({
        status: 400,
        body: { error: "WRONGTYPE Operation against a key holding the wrong kind of value" },
      });
    });

    it("accepts the path-style forms of the REST API", async () => {
      expect(await rawJson(`/set/${encodeURIComponent(k("path"))}/a%2Fb%20c`, { method: "GET" })).toEqual({
        status: 200,
        body: { result: "OK" },
      });
      expect((await rawJson(`/get/${encodeURIComponent(k("path"))}`, { method: "GET" })).body).toEqual({
        result: "a/b c",
      });
      // A POST body is the last argument; later ones go in the query.
      const posted = await rawJson(`/set/${encodeURIComponent(k("path"))}?EX=100`, { body: '{"raw": "json"}' });
      expect(posted).toEqual({ status: 200, body: { result: "OK" } });
      expect(await redis.get(k("path"))).toEqual({ raw: "json" });
      expect(await redis.ttl(k("path"))).toBeGreaterThan(90);
      expect((await rawJson(`/ping?_token=${TOKEN}`, { method: "GET", auth: null })).body).toEqual({ result: "PONG" });
    });

    it("refuses requests without the right token with 401 on every endpoint", async () => {
      for (const path of ["/", "/pipeline", "/multi-exec", "/get/x", "/subscribe/x"]) {
        expect(await rawJson(path, { auth: null, body: '["PING"]' })).toEqual({
          status: 401,
          body: { error: "Unauthorized" },
        });
        expect((await raw(path, { auth: "wrong", body: '["PING"]' })).status).toBe(401);
      }
      expect((await raw("/ping?_token=wrong", { auth: null })).status).toBe(401);
      const wrong = new Redis({ url: bridge.url, token: "wrong", retry: false, enableTelemetry: false });
      await expect(wrong.get(k("x"))).rejects.toThrow(/Unauthorized/);
    });

    it("answers malformed requests with 400 and {error}", async () => {
      for (const [path, body] of [
        ["/", "{not json"],
        ["/", '{"command": "GET"}'],
        ["/", "[]"],
        ["/", '[1, "x"]'],
        ["/", '["SET", "k", {"nested": true}]'],
        ["/pipeline", '["GET", "k"]'],
        ["/pipeline", "[]"],
        ["/multi-exec", "nope"],
      ] as const) {
        const res = await rawJson(path, { body });
        expect(res.status, `${path} ${body}`).toBe(400);
        expect(res.body).toMatchObject({ error: expect.any(String) as unknown });
      }
      expect((await raw("/", { method: "DELETE" })).status).toBe(405);
      expect((await raw("/", { headers: { "upstash-response-format": "resp2" }, body: '["PING"]' })).status).toBe(400);
    });

    it("answers a body over 10 MB with 413", async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(bridge.url);
        const req = http.request(
          { host: url.hostname, port: url.port, method: "POST", headers: { authorization: `Bearer ${TOKEN}` } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        // Sent in chunks without a length, so the limit is enforced on what arrives, not on a header.
        const chunk = Buffer.alloc(1024 * 1024, "a");
        for (let i = 0; i < 11; i++) req.write(chunk);
        req.end();
      });
      expect(status).toBe(413);
      expect((await raw("/", { body: "x".repeat(10 * 1024 * 1024 + 1) })).status).toBe(413);
      expect(await redis.ping()).toBe("PONG");
    });

    it("refuses commands that would take over the shared connection", async () => {
      for (const command of [["SUBSCRIBE", "x"], ["SELECT", "1"], ["MULTI"], ["CLIENT", "REPLY", "OFF"]]) {
        const res = await rawJson("/", { body: JSON.stringify(command) });
        expect(res.status).toBe(400);
      }
      const pipeline = await rawJson("/pipeline", { body: JSON.stringify([["SELECT", "1"], ["PING"]]) });
      expect(pipeline.body).toEqual([{ error: expect.stringMatching(/not supported/) as unknown }, { result: "PONG" }]);
      expect(await redis.ping()).toBe("PONG");
    });

    it("gives blocking commands a connection of their own", async () => {
      const blocked = rawJson("/", { body: JSON.stringify(["BLPOP", k("queue"), "2"]) });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      expect(await redis.ping()).toBe("PONG");
      expect(Date.now() - started).toBeLessThan(500);
      await redis.rpush(k("queue"), "job");
      expect(await blocked).toEqual({ status: 200, body: { result: [k("queue"), "job"] } });
    });

    it("ignores the client's read-your-writes sync token", async () => {
      const res = await raw("/", { headers: { "upstash-sync-token": "some-token" }, body: '["PING"]' });
      expect(res.status).toBe(200);
      const noSync = new Redis({ url: bridge.url, token: TOKEN, readYourWrites: false, enableTelemetry: false });
      await noSync.set(k("ryw"), "1");
      expect(await noSync.get(k("ryw"))).toBe(1);
    });
  });

  describe("subscribe streams", () => {
    const numsub = async (channel: string) => Number((await direct.pubsub("NUMSUB", channel))[1]);
    const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 3_000) => {
      const deadline = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    it("streams raw data lines (never base64) with keepalive comments in between", async () => {
      const beating = await startUpstashBridge({ redisUrl: REDIS_URL, token: TOKEN, heartbeatMs: 50 });
      const channel = k("raw-stream");
      const controller = new AbortController();
      try {
        const res = await fetch(`${beating.url}/subscribe/${channel}`, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}`, accept: "text/event-stream", "upstash-encoding": "base64" },
          signal: controller.signal,
        });
        expect(res.headers.get("content-type")).toBe("text/event-stream");
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        let text = "";
        const readUntil = async (needle: string) => {
          // A stream that stays quiet is cut, so the read below cannot wait forever.
          const quiet = setTimeout(() => controller.abort(), 3_000);
          try {
            while (!text.includes(needle)) {
              const { value, done } = await reader.read();
              if (done) throw new Error("stream ended");
              text += decoder.decode(value, { stream: true });
            }
          } catch (error) {
            throw new Error(`no ${JSON.stringify(needle)} in ${JSON.stringify(text)}`, { cause: error });
          } finally {
            clearTimeout(quiet);
          }
        };
        await readUntil(`data: subscribe,${channel},1\n\n`);
        await readUntil(": keepalive\n\n");
        await direct.publish(channel, "hello 7");
        await readUntil(`data: message,${channel},hello 7\n\n`);
        expect(text.split("\n\n").filter((line) => line && !line.startsWith(": keepalive"))).toEqual([
          `data: subscribe,${channel},1`,
          `data: message,${channel},hello 7`,
        ]);
      } finally {
        controller.abort();
        await beating.close();
      }
    });

    it("delivers to the client across keepalive lines", async () => {
      const beating = await startUpstashBridge({ redisUrl: REDIS_URL, token: TOKEN, heartbeatMs: 20 });
      const client = new Redis({ url: beating.url, token: TOKEN, retry: false, enableTelemetry: false });
      const channel = k("beating");
      const subscriber = client.subscribe<string>(channel);
      try {
        const messages: unknown[] = [];
        subscriber.on("message", ({ message }) => messages.push(message));
        await new Promise((resolve) => subscriber.on("subscribe", resolve));
        await new Promise((resolve) => setTimeout(resolve, 100));
        await client.publish(channel, "after beats");
        await until(() => messages.length > 0, "the message");
        expect(messages).toEqual(["after beats"]);
      } finally {
        await subscriber.unsubscribe();
        await beating.close();
      }
    });

    it("releases the Redis connection when the client unsubscribes", async () => {
      const channel = k("release");
      const subscriber = redis.subscribe(channel);
      await new Promise((resolve) => subscriber.on("subscribe", resolve));
      expect(await numsub(channel)).toBe(1);
      await subscriber.unsubscribe();
      await until(async () => (await numsub(channel)) === 0, "the subscription to end");
    });

    it("cuts every open stream on cutStreams(), releasing its Redis connection, and keeps serving", async () => {
      const channels = [k("cut-1"), k("cut-2")];
      const subscribers = channels.map((channel) => redis.subscribe(channel));
      try {
        await Promise.all(subscribers.map((s) => new Promise((resolve) => s.on("subscribe", resolve))));
        expect(await Promise.all(channels.map(numsub))).toEqual([1, 1]);
        bridge.cutStreams();
        await until(async () => (await Promise.all(channels.map(numsub))).every((n) => n === 0), "the cut");
        expect(await redis.ping()).toBe("PONG");
        const again = redis.subscribe(channels[0]!);
        await new Promise((resolve) => again.on("subscribe", resolve));
        expect(await numsub(channels[0]!)).toBe(1);
        await again.unsubscribe();
      } finally {
        await Promise.all(subscribers.map((s) => s.unsubscribe()));
      }
    });
  });

  describe("scripts", () => {
    it("strips only the Upstash flag from the shebang", () => {
      expect(stripUpstashFlags(`${FLAG}return 1`)).toBe("\nreturn 1");
      expect(stripUpstashFlags("#!lua flags=no-writes,allow-key-locking\nreturn 1")).toBe(
        "#!lua flags=no-writes\nreturn 1",
      );
      expect(stripUpstashFlags("return 1")).toBe("return 1");
    });

    it("runs EVAL with and without the allow-key-locking flag", async () => {
      expect(await redis.eval("return redis.call('INCR', KEYS[1])", [k("lua")], [])).toBe(1);
      expect(await redis.eval(`${FLAG}return redis.call('INCR', KEYS[1])`, [k("lua")], [])).toBe(2);
      expect(await redis.eval(`${FLAG}return {KEYS[1], ARGV[1], tonumber(ARGV[2])}`, [k("a")], ["x", 5])).toEqual([
        k("a"),
        "x",
        5,
      ]);
      expect(await redis.evalRo(`${FLAG}return redis.call('GET', KEYS[1])`, [k("lua")], [])).toBe(2);
      const readOnly = "#!lua flags=no-writes,allow-key-locking\nreturn redis.call('INCR', KEYS[1])";
      await expect(redis.eval(readOnly, [k("lua")], [])).rejects.toThrow(/Write commands are not allowed/);
    });

    it("answers SCRIPT LOAD with the hash of the text as sent, and runs EVALSHA with it", async () => {
      const script = `${FLAG}return redis.call('INCRBY', KEYS[1], ARGV[1])`;
      const sha = await redis.scriptLoad(script);
      expect(sha).toBe(sha1(script));
      expect(await redis.scriptExists(sha)).toEqual([1]);
      expect(await redis.evalsha(sha, [k("sha")], [5])).toBe(5);
      expect(await redis.evalshaRo(await redis.scriptLoad(`${FLAG}return 'ro'`), [], [])).toBe("ro");
    });

    it("maps the hash the client computed over an EVAL'd script", async () => {
      const script = `${FLAG}return ARGV[1] .. '-' .. ${Date.now()}`;
      await expect(redis.evalsha(sha1(script), [], ["a"])).rejects.toThrow(/NOSCRIPT/);
      expect(await redis.eval(script, [], ["a"])).toMatch(/^a-\d+$/);
      expect(await redis.evalsha(sha1(script), [], ["b"])).toMatch(/^b-\d+$/);
    });

    it("answers NOSCRIPT after SCRIPT FLUSH, so the client falls back to EVAL", async () => {
      const script = `${FLAG}return redis.call('INCR', KEYS[1])`;
      const sha = await redis.scriptLoad(script);
      expect(await redis.evalsha(sha, [k("flush")], [])).toBe(1);
      expect(await redis.scriptFlush()).toBe("OK");
      expect(await redis.scriptExists(sha)).toEqual([0]);
      await expect(redis.evalsha(sha, [k("flush")], [])).rejects.toThrow(/NOSCRIPT/);
      expect(await redis.eval(script, [k("flush")], [])).toBe(2);
      expect(await redis.evalsha(sha, [k("flush")], [])).toBe(3);
    });
  });

  describe("@upstash/ratelimit", () => {
    // Hour-long windows: a test never straddles a window boundary.
    const algorithms = [
      ["fixed window", () => Ratelimit.fixedWindow(5, "1 h")],
      ["sliding window", () => Ratelimit.slidingWindow(5, "1 h")],
      ["token bucket", () => Ratelimit.tokenBucket(5, "1 h", 5)],
    ] as const;
    const limiter = (name: string, algorithm: (typeof algorithms)[number][1], timeout = 5_000) =>
      new Ratelimit({
        redis,
        limiter: algorithm(),
        prefix: k(`rl:${name.replace(" ", "-")}`),
        ephemeralCache: false,
        timeout,
      });

    for (const [name, algorithm] of algorithms) {
      it(`limits with the ${name} algorithm, answered by Redis`, async () => {
        const ratelimit = limiter(name, algorithm);
        const results = [];
        for (let i = 0; i < 7; i++) results.push(await ratelimit.limit("user"));
        // On timeout the limiter lets everything through with reason "timeout": make sure Redis answered.
        expect(results.map((r) => r.reason)).toEqual(Array(7).fill(undefined));
        expect(results.map((r) => r.success)).toEqual([true, true, true, true, true, false, false]);
        expect(results.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
        expect(results.every((r) => r.limit === 5 && r.reset > Date.now())).toBe(true);
        expect((await ratelimit.getRemaining("user")).remaining).toBe(0);
        await ratelimit.resetUsedTokens("user");
        const again = await ratelimit.limit("user");
        expect(again).toMatchObject({ success: true, remaining: 4 });
        expect(again.reason).toBeUndefined();
      });

      it(`allows exactly the limit under 200 concurrent calls (${name})`, async () => {
        const ratelimit = limiter(`burst-${name}`, algorithm, 20_000);
        await direct.script("FLUSH");
        const results = await Promise.all(Array.from({ length: 200 }, () => ratelimit.limit("burst")));
        expect(results.filter((r) => r.reason !== undefined)).toEqual([]);
        expect(results.filter((r) => r.success)).toHaveLength(5);
        expect(results.filter((r) => r.remaining === 0)).toHaveLength(196);
      });
    }

    it("keeps working when Redis has forgotten the scripts", async () => {
      const ratelimit = limiter("flushed", algorithms[1][1]);
      expect((await ratelimit.limit("u")).remaining).toBe(4);
      await direct.script("FLUSH");
      const next = await ratelimit.limit("u");
      expect(next).toMatchObject({ success: true, remaining: 3 });
      expect(next.reason).toBeUndefined();
    });

    it("limits across regions through two bridges (flat RESP2 replies)", async () => {
      const second = await startUpstashBridge({ redisUrl: REDIS_URL, token: TOKEN });
      try {
        const other = new Redis({ url: second.url, token: TOKEN, retry: false, enableTelemetry: false });
        const ratelimit = new MultiRegionRatelimit({
          redis: [redis, other],
          limiter: MultiRegionRatelimit.fixedWindow(3, "1 h"),
          prefix: k("rl:multi"),
          ephemeralCache: false,
        });
        const results = [];
        for (let i = 0; i < 4; i++) {
          const result = await ratelimit.limit("user");
          await result.pending;
          results.push(result);
        }
        expect(results.map((r) => r.reason)).toEqual(Array(4).fill(undefined));
        expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
      } finally {
        await second.close();
      }
    });
  });

  describe("lifecycle", () => {
    it("fails to start, saying why, when Redis cannot be reached", async () => {
      await expect(startUpstashBridge({ redisUrl: "redis://127.0.0.1:1", token: TOKEN })).rejects.toThrow(
        /cannot connect to Redis at redis:\/\/127\.0\.0\.1:1/,
      );
    });

    it("closes promptly, frees its port and can start again on it", async () => {
      const first = await startUpstashBridge({ redisUrl: REDIS_URL, token: TOKEN });
      const client = new Redis({ url: first.url, token: TOKEN, retry: false, enableTelemetry: false });
      const subscriber = client.subscribe(k("lifecycle"));
      await new Promise((resolve) => subscriber.on("subscribe", resolve));
      const started = Date.now();
      await first.close();
      expect(Date.now() - started).toBeLessThan(500);
      await expect(client.ping()).rejects.toThrow();
      const again = await startUpstashBridge({ redisUrl: REDIS_URL, token: TOKEN, port: first.port });
      try {
        expect(again.url).toBe(first.url);
        expect(await client.ping()).toBe("PONG");
      } finally {
        await subscriber.unsubscribe();
        await again.close();
      }
    });

    it("answers 503 while Redis is away", async () => {
      const proxy = await tcpProxy(REDIS_URL);
      const flaky = await startUpstashBridge({ redisUrl: proxy.url, token: TOKEN });
      try {
        const client = new Redis({ url: flaky.url, token: TOKEN, retry: false, enableTelemetry: false });
        expect(await client.ping()).toBe("PONG");
        proxy.cut();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const res = await fetch(flaky.url, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}` },
          body: '["PING"]',
        });
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ error: expect.stringMatching(/Redis is unavailable/) as unknown });
      } finally {
        await flaky.close();
        await proxy.close();
      }
    });
  });
});

// A TCP proxy in front of Redis whose connections can be cut, to stand for Redis going away.
async function tcpProxy(redisUrl: string) {
  const target = new URL(redisUrl);
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(redisUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return {
    url: url.toString(),
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
