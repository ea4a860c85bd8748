import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { Redis as IORedis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { UpstashBridge } from "../../../tools/upstash-rest/bridge";
import { bridgePair, REDIS_URL } from "../../../tests/redis";

// Two app instances share one Redis, each through its own Upstash REST endpoint, as in production;
// doorbell() reads the first through getRedis().
const TOKEN = "doorbell-test-token";
const bridges = await bridgePair(TOKEN);
const available = bridges.length > 0;

const { createRedis } = await import("~/server/redis");
const { CHECK_THE_TABLE, createLocalDoorbell, createRedisDoorbell, doorbell, setDoorbell } = await import("./doorbell");
type Doorbell = ReturnType<typeof createLocalDoorbell>;

const exec = promisify(execFile);
const direct = available ? new IORedis(REDIS_URL) : null;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
let projects = 0;
const newProject = () => `c${run}p${++projects}`;
const channel = (projectId: string) => `tm:live:${projectId}`;
const bells: Doorbell[] = [];
// The app's clients: the 500 ms per-command timeout of getRedis().
const bell = (bridge: UpstashBridge, options?: { probeIntervalMs?: number; probeTimeoutMs?: number }) => {
  const made = createRedisDoorbell(createRedis(bridge.url, TOKEN), options);
  bells.push(made);
  return made;
};

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 3_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// Everything a listener heard, in order.
function recorder(bellToUse: Doorbell, projectId: string) {
  const seqs: number[] = [];
  const stop = bellToUse.listen(projectId, (seq) => seqs.push(seq));
  return { seqs, stop, live: () => until(() => seqs.includes(CHECK_THE_TABLE), "the subscription to go live") };
}

const numsub = async (projectId: string) => Number((await direct!.pubsub("NUMSUB", channel(projectId)))[1]);

// Messages on a channel as Redis carries them, read beside the doorbells.
async function tap(projectId: string) {
  const connection = new IORedis(REDIS_URL);
  const messages: string[] = [];
  connection.on("message", (_channel: string, message: string) => messages.push(message));
  await connection.subscribe(channel(projectId));
  return { messages, close: () => connection.quit() };
}

afterEach(async () => {
  setDoorbell(null);
  await Promise.all(bells.splice(0).map((b) => b.close()));
});

afterAll(async () => {
  direct?.disconnect();
  await Promise.all(bridges.map((b) => b.close()));
});

describe.skipIf(!available)("Redis doorbell", () => {
  it("carries a ring from one instance to another, and to the ringing instance's own listeners at once", async () => {
    const project = newProject();
    const a = bell(bridges[0]!);
    const b = bell(bridges[1]!);
    const onA = recorder(a, project);
    const onB = recorder(b, project);
    await Promise.all([onA.live(), onB.live()]);

    const ringing = a.ring(project, 5);
    // Delivered in process before any round trip.
    expect(onA.seqs).toEqual([0, 5]);
    await ringing;
    await until(() => onB.seqs.length === 2, "the ring on the other instance");
    expect(onB.seqs).toEqual([0, 5]);
    // Through Redis as well: rings may repeat.
    await until(() => onA.seqs.length === 3, "the ring back through Redis");
    expect(onA.seqs).toEqual([0, 5, 5]);

    await b.ring(project, 6);
    await until(() => onA.seqs.at(-1) === 6, "the ring back the other way");
    expect(onA.seqs).toEqual([0, 5, 5, 6]);
  });

  it("passes on decimal seqs only (0 included): probes, other instances' probes and anything unparsable are ignored", async () => {
    const project = newProject();
    const listener = recorder(bell(bridges[1]!), project);
    await listener.live();
    for (const message of [
      "probe:someone-else:1",
      "abc",
      "1,2",
      "-3",
      "4.5",
      "",
      "12x",
      "9007199254740993",
      "0",
      "7",
    ]) {
      await direct!.publish(channel(project), message);
    }
    // Redis keeps a publisher's order, so the last one arriving means the others were seen.
    await until(() => listener.seqs.includes(7), "the valid ring");
    expect(listener.seqs).toEqual([0, 0, 7]);
  });

  it("shares one upstream subscription between a project's listeners and ends it with the last one", async () => {
    const project = newProject();
    const other = newProject();
    const b = bell(bridges[1]!);
    const first = recorder(b, project);
    await first.live();
    const second = recorder(b, project);
    const elsewhere = recorder(b, other);
    await elsewhere.live();
    expect(await numsub(project)).toBe(1);
    expect(await numsub(other)).toBe(1);
    // Joining a live subscription: nothing can have been missed, so no "check the table".
    expect(second.seqs).toEqual([]);

    first.stop();
    first.stop();
    await direct!.publish(channel(project), "3");
    await until(() => second.seqs.includes(3), "the ring after the first listener left");
    expect(first.seqs).toEqual([0]);
    expect(second.seqs).toEqual([3]);
    expect(await numsub(project)).toBe(1);

    second.stop();
    await until(async () => (await numsub(project)) === 0, "the upstream subscription to end");
    expect(await numsub(other)).toBe(1);
    expect(elsewhere.seqs).toEqual([0]);

    // Listening again subscribes again.
    const third = recorder(b, project);
    await third.live();
    expect(await numsub(project)).toBe(1);
    third.stop();
    elsewhere.stop();
  });

  it("notices a stream that ended silently, resubscribes, says to check the table, and rings arrive again", async () => {
    const project = newProject();
    const a = bell(bridges[0]!);
    const b = bell(bridges[1]!, { probeIntervalMs: 200, probeTimeoutMs: 300 });
    const listener = recorder(b, project);
    await listener.live();

    bridges[1]!.cutStreams();
    await until(async () => (await numsub(project)) === 0, "the cut to reach Redis");
    // Missed: the SDK is not told its stream ended.
    await a.ring(project, 11);
    const cutAt = Date.now();
    await until(() => listener.seqs.filter((seq) => seq === CHECK_THE_TABLE).length === 2, "the resubscription");
    // A probe goes out within 200 ms and is given up on 300 ms later; then a short backoff.
    expect(Date.now() - cutAt).toBeLessThan(1_500);
    expect(listener.seqs).toEqual([0, 0]);
    expect(await numsub(project)).toBe(1);

    await a.ring(project, 12);
    await until(() => listener.seqs.includes(12), "a ring after the repair");
    expect(listener.seqs).toEqual([0, 0, 12]);
  });

  it("keeps a healthy stream past the client's 500 ms command timeout, its probes coming back", async () => {
    const project = newProject();
    const probes = await tap(project);
    try {
      const b = bell(bridges[1]!, { probeIntervalMs: 100, probeTimeoutMs: 300 });
      const listener = recorder(b, project);
      await listener.live();
      await until(() => probes.messages.filter((m) => m.startsWith("probe:")).length >= 12, "a dozen probes");
      // Over 1.2 s, no resubscription: each probe came back and the stream outlived the timeout.
      expect(listener.seqs).toEqual([0]);
      expect(await numsub(project)).toBe(2);
      expect(new Set(probes.messages.map((m) => m.split(":")[1])).size).toBe(1);
      await bell(bridges[0]!).ring(project, 4);
      await until(() => listener.seqs.includes(4), "the ring");
    } finally {
      await probes.close();
    }
  });

  it("never throws and retries with backoff, not in a loop, while Redis cannot be reached", async () => {
    // An endpoint that refuses every command, as Upstash does when it is in trouble.
    let subscribes = 0;
    let publishes = 0;
    const down = http.createServer((req, res) => {
      if (req.url?.startsWith("/subscribe/")) subscribes++;
      else publishes++;
      req.resume();
      res.writeHead(503, { "content-type": "application/json" }).end('{"error":"unavailable"}');
    });
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = down.address() as AddressInfo;
      const broken = createRedisDoorbell(createRedis(`http://127.0.0.1:${port}`, TOKEN), {
        probeIntervalMs: 100,
        probeTimeoutMs: 100,
      });
      bells.push(broken);
      const project = newProject();
      const listener = recorder(broken, project);
      await expect(broken.ring(project, 3)).resolves.toBeUndefined();
      await expect(broken.ring("not,a project", 3)).resolves.toBeUndefined();
      await expect(broken.ring(project, Number.NaN)).resolves.toBeUndefined();
      expect(publishes).toBeGreaterThan(0);
      // This instance's own listeners still hear it; the subscription never went live.
      expect(listener.seqs).toEqual([3]);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Backoff of 50–200 ms after each failure: a handful of attempts a second, not hundreds.
      expect(subscribes).toBeGreaterThanOrEqual(3);
      expect(subscribes).toBeLessThanOrEqual(15);
      await broken.close();
      // A request already on its way when close() aborted it may still land.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = subscribes;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(subscribes).toBe(after);
    } finally {
      down.closeAllConnections();
      await new Promise<void>((resolve) => down.close(() => resolve()));
    }
  });

  it("refuses a project id that could not be a channel name", () => {
    const b = bell(bridges[1]!);
    expect(() => b.listen("a,b", () => undefined)).toThrow(/not a project id/);
    expect(() => b.listen("a/b", () => undefined)).toThrow(/not a project id/);
  });

  it("ends every subscription, probe and timer on close()", async () => {
    const projectsHere = [newProject(), newProject()];
    const probes = await tap(projectsHere[0]!);
    try {
      const b = createRedisDoorbell(createRedis(bridges[1]!.url, TOKEN), { probeIntervalMs: 50, probeTimeoutMs: 200 });
      const listeners = projectsHere.map((p) => recorder(b, p));
      await Promise.all(listeners.map((l) => l.live()));
      expect(await Promise.all(projectsHere.map(numsub))).toEqual([2, 1]);
      await until(() => probes.messages.length >= 2, "probes");

      await b.close();
      await until(async () => (await Promise.all(projectsHere.map(numsub))).join() === "1,0", "the streams to end");
      const probesAtClose = probes.messages.length;
      await direct!.publish(channel(projectsHere[1]!), "8");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(probes.messages.length).toBe(probesAtClose);
      expect(listeners.map((l) => l.seqs)).toEqual([[0], [0]]);

      // Usable again afterwards.
      const again = recorder(b, projectsHere[1]!);
      await again.live();
      await b.close();
    } finally {
      await probes.close();
    }
  });

  it("lets a process that closed its doorbell exit on its own (no handle left open)", async () => {
    // The stream's socket would hold the process; timers are unref'd. The child prints what it heard.
    const script = `
      import { createRedisDoorbell } from "./src/server/live/doorbell";
      import { createRedis } from "./src/server/redis";
      void (async () => {
        const [url, token, project] = process.argv.slice(-3);
        const bell = createRedisDoorbell(createRedis(url, token), { probeIntervalMs: 50, probeTimeoutMs: 200 });
        const heard = [];
        await new Promise((resolve) => bell.listen(project, (seq) => heard.push(seq) && seq === 0 && resolve()));
        await bell.ring(project, 3);
        while (heard.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
        await bell.close();
        console.log(JSON.stringify(heard));
      })();`;
    const { stdout } = await exec(
      path.resolve("node_modules/.bin/tsx"),
      ["-e", script, bridges[1]!.url, TOKEN, newProject()],
      // A child still running then is killed, and the test fails.
      { timeout: 20_000 },
    );
    expect(JSON.parse(stdout.trim())).toEqual([0, 3, 3]);
  });

  it("is the process's doorbell when Redis is configured, until replaced", async () => {
    const project = newProject();
    const listener = recorder(bell(bridges[1]!), project);
    await listener.live();
    await doorbell().ring(project, 21);
    await until(() => listener.seqs.includes(21), "the ring from the process's doorbell");

    const local = createLocalDoorbell();
    setDoorbell(local);
    expect(doorbell()).toBe(local);
    await doorbell().ring(project, 22);
    setDoorbell(null);
    await doorbell().ring(project, 23);
    await until(() => listener.seqs.includes(23), "the ring after going back");
    expect(listener.seqs).toEqual([0, 21, 23]);
    await doorbell().close();
  });
});

describe("local doorbell", () => {
  it("rings this process's listeners of that project only, with no Redis", async () => {
    const local = createLocalDoorbell();
    const heard: string[] = [];
    const project = newProject();
    const stopOne = local.listen(project, (seq) => heard.push(`one:${seq}`));
    local.listen(project, (seq) => heard.push(`two:${seq}`));
    local.listen(newProject(), (seq) => heard.push(`other:${seq}`));
    // A listener that throws does not keep the ring from the others.
    local.listen(project, () => {
      throw new Error("listener failure");
    });

    await expect(local.ring(project, 1)).resolves.toBeUndefined();
    stopOne();
    await local.ring(project, 2);
    await local.ring(project, -1);
    expect(heard).toEqual(["one:1", "two:1", "two:2"]);

    await local.close();
    await local.ring(project, 3);
    expect(heard).toEqual(["one:1", "two:1", "two:2"]);
  });
});
