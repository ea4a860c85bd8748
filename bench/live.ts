// `npm run bench:live`: delivery time of live updates (the live.project subscription) across two app
// instances on one database and one Redis (through the Upstash REST bridge), with 100 and then 1 000
// subscriptions open, spread evenly over the instances and BENCH_LIVE_PROJECTS projects, while task
// updates are written at BENCH_LIVE_RATE per second, alternately through each instance. Needs
// PostgreSQL (as bench:tasks) and Redis (REDIS_URL, default redis://127.0.0.1:6379); no build: the
// instances run `npm start`'s request listener for /api/trpc (tests/live/instance.ts).
import { readFileSync } from "node:fs";
import { fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { startCluster, type Instance } from "../tests/live/cluster";
import { apiClient } from "../tests/live/client";
import type { LiveWorkerReply, LiveWorkerRequest, Receipt } from "./lib/live-subscribers";
import { benchDatabase, seedTasks } from "./lib/seed";

const COUNTS = (process.env.BENCH_LIVE_SUBSCRIPTIONS ?? "100,1000").split(",").map(Number);
const PROJECTS = Number(process.env.BENCH_LIVE_PROJECTS ?? 2);
const RATE = Number(process.env.BENCH_LIVE_RATE ?? 8);
const DURATION = Number(process.env.BENCH_DURATION_MS ?? 15_000);
// Processes that hold the subscriptions; this one writes, times the writes and runs the bridge.
const WORKERS = Number(process.env.BENCH_LIVE_WORKERS ?? 2);
const OPEN_BATCH = 100;
const DRAIN_MS = 15_000;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

type Write = { projectId: string; sentAt: number; ackAt: number };
type Subscription = { projectId: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rssKb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
}

// CPU seconds a process has used (user + system), and the machine's busy and total time, from /proc.
function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const instanceCpu = () => cpuSeconds(instances[0].pid) + cpuSeconds(instances[1].pid);
// The instances' resident memory, the median of five readings over a second.
async function instanceRssKb(): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(rssKb(instances[0].pid) + rssKb(instances[1].pid));
    await sleep(250);
  }
  return readings.sort((a, b) => a - b)[2]!;
}
function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: total - ticks[3]! - (ticks[4] ?? 0), total };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (n: number) => `${n.toFixed(0).padStart(5)} ms`;
const figures = (sorted: number[]) =>
  `p50 ${ms(percentile(sorted, 50))}  p99 ${ms(percentile(sorted, 99))}  max ${ms(sorted.at(-1) ?? NaN)}`;

// A subscriber process and a way to ask it something and wait for its answer.
function startWorker() {
  const worker = fork(new URL("./lib/live-subscribers.ts", import.meta.url), {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ask = <T extends LiveWorkerReply["type"]>(request: LiveWorkerRequest, expect: T) =>
    new Promise<Extract<LiveWorkerReply, { type: T }>>((resolve, reject) => {
      const onExit = () => reject(new Error("a subscriber process exited"));
      worker.once("exit", onExit);
      worker.once("message", (reply: LiveWorkerReply) => {
        worker.off("exit", onExit);
        if (reply.type === expect) resolve(reply as Extract<LiveWorkerReply, { type: T }>);
        else reject(new Error(reply.type === "failed" ? reply.message : `unexpected ${reply.type}`));
      });
      worker.send(request);
    });
  return { worker, ask };
}

const bench = await benchDatabase("tm_bench_live");
// 200 tasks a project: each write updates a different task, so concurrent writes never conflict.
await seedTasks(bench, 2_000);
const projectIds = Array.from({ length: PROJECTS }, (_, i) => `bench-p-${i + 1}`);
const tasks = new Map(projectIds.map((id) => [id, [] as { id: string; version: number }[]]));
for (let g = 1; g <= 2_000; g++) {
  const projectId = `bench-p-${1 + Math.floor((g - 1) / bench.perProject)}`;
  tasks.get(projectId)?.push({ id: `bt-${g}`, version: 1 });
}

const cluster = await startCluster({ databaseUrl: bench.url, redisUrl: REDIS_URL, proxies: false });
const instances = cluster.instances as [Instance, Instance];
const writers = instances.map((instance) => apiClient(instance.url, bench.token));
const workers = Array.from({ length: WORKERS }, startWorker);
const subscriptions: Subscription[] = [];

// Subscription i: project i mod PROJECTS, then the instances in turn, then the processes in turn. They
// open OPEN_BATCH at a time, as clients arriving over a few seconds would (each opening costs its
// instance a session and access check).
async function openUpTo(count: number) {
  while (subscriptions.length < count) {
    const batches: { url: string; projectId: string }[][] = workers.map(() => []);
    const end = Math.min(count, subscriptions.length + OPEN_BATCH);
    for (let i = subscriptions.length; i < end; i++) {
      const projectId = projectIds[i % PROJECTS]!;
      subscriptions.push({ projectId });
      const instance = instances[Math.floor(i / PROJECTS) % 2]!;
      batches[Math.floor(i / (PROJECTS * 2)) % WORKERS]!.push({ url: instance.url, projectId });
    }
    await Promise.all(
      workers.map((w, i) => w.ask({ type: "open", token: bench.token, subscriptions: batches[i]! }, "opened")),
    );
  }
}

// Open-loop writes: one every 1000/RATE ms whatever the last one's answer time, round-robin over the
// projects, alternately through each instance. Each write's acknowledgement time is kept by
// taskId:version, which is what the event carries.
// A write that fails is counted and left out of what subscribers should receive.
async function writeSteadily(durationMs: number) {
  const cpuBefore = instanceCpu();
  const writes = new Map<string, Write>();
  const pending: Promise<void>[] = [];
  const failures: string[] = [];
  const started = Date.now();
  for (let i = 0; Date.now() - started < durationMs; i++) {
    const projectId = projectIds[i % PROJECTS]!;
    const list = tasks.get(projectId)!;
    const task = list[Math.floor(i / PROJECTS) % list.length]!;
    const sentAt = Date.now();
    pending.push(
      writers[i % 2]!.task.update.mutate({ id: task.id, version: task.version, title: `Edited ${i}` }).then(
        (updated) => {
          task.version = updated.version;
          writes.set(`${task.id}:${updated.version}`, { projectId, sentAt, ackAt: Date.now() });
        },
        (error: unknown) => void failures.push(error instanceof Error ? error.message : String(error)),
      ),
    );
    await sleep(Math.max(0, started + ((i + 1) * 1000) / RATE - Date.now()));
  }
  await Promise.all(pending);
  const times = [...writes.values()].map((w) => w.ackAt - w.sentAt).sort((a, b) => a - b);
  const failed = failures.length > 0 ? `; ${failures.length} failed (${[...new Set(failures)].join("; ")})` : "";
  return {
    writes,
    summary: `${figures(times)}${failed}`,
    cpuPerSecond: (instanceCpu() - cpuBefore) / (durationMs / 1000),
  };
}

async function phase(count: number, rssBefore: number, baselineCpu: number) {
  await openUpTo(count);
  await sleep(3_000);
  const rssAfter = await instanceRssKb();
  await Promise.all(workers.map((w) => w.ask({ type: "reset" }, "reset")));
  const clientCpu = () => workers.reduce((sum, w) => sum + cpuSeconds(w.worker.pid), 0);
  const [client0, machine0] = [clientCpu(), machineTicks()];
  const { writes, summary, cpuPerSecond } = await writeSteadily(DURATION);
  const [client1, machine1] = [clientCpu(), machineTicks()];
  const expected = subscriptions.reduce(
    (sum, s) => sum + [...writes.values()].filter((w) => w.projectId === s.projectId).length,
    0,
  );
  const collect = async () => {
    const reports = await Promise.all(workers.map((w) => w.ask({ type: "report" }, "report")));
    return reports.flatMap((r) => r.receipts.map((receipts) => receipts.filter(([key]) => writes.has(key))));
  };
  let receipts: Receipt[][] = await collect();
  const deadline = Date.now() + DRAIN_MS;
  const total = () => receipts.reduce((sum, list) => sum + list.length, 0);
  while (total() < expected && Date.now() < deadline) {
    await sleep(250);
    receipts = await collect();
  }

  const fromAck: number[] = [];
  const fromAt: number[] = [];
  for (const [key, receivedAt, at] of receipts.flat()) {
    fromAck.push(receivedAt - writes.get(key)!.ackAt);
    fromAt.push(receivedAt - at);
  }
  for (const list of [fromAck, fromAt]) list.sort((a, b) => a - b);
  const received = total();
  const duplicates = receipts.reduce((sum, list) => sum + list.length - new Set(list.map(([key]) => key)).size, 0);
  console.log(
    `\n${count.toLocaleString("en")} subscriptions (${count / 2} per instance, ${PROJECTS} projects), ` +
      `${writes.size} task updates at ${RATE}/s`,
  );
  console.log(
    `  events received    ${received.toLocaleString("en")} of ${expected.toLocaleString("en")} expected` +
      (received === expected ? "" : "  MISSING") +
      (duplicates > 0 ? `, ${duplicates} duplicates` : ""),
  );
  console.log(`  from write's ack   ${figures(fromAck)}`);
  console.log(`  from event's at    ${figures(fromAt)}`);
  console.log(`  writes (sent→ack)  ${summary}`);
  console.log(
    `  server memory      +${((rssAfter - rssBefore) / 1024).toFixed(1)} MB RSS (A + B) = ` +
      `${((rssAfter - rssBefore) / count).toFixed(1)} kB per open subscription`,
  );
  const busy = (machine1.busy - machine0.busy) / (machine1.total - machine0.total);
  // What the same writes cost the instances with nothing subscribed is taken off: the rest is delivery.
  const deliveryCpu = Math.max(0, cpuPerSecond - baselineCpu) * (DURATION / 1000);
  console.log(
    `  CPU while writing  instances ${(cpuPerSecond * 100).toFixed(0)}% of a CPU (writes alone ` +
      `${(baselineCpu * 100).toFixed(0)}%): ${((deliveryCpu / Math.max(1, received)) * 1e6).toFixed(0)} µs per ` +
      `delivered event; subscriber processes ${(((client1 - client0) / DURATION) * 1e5).toFixed(0)}%; ` +
      `machine ${(busy * 100).toFixed(0)}% busy (${availableParallelism()} CPUs)`,
  );
  return received === expected && duplicates === 0;
}

let complete = true;
try {
  // Warm both instances (modules, database pools, the code paths of a write) before the baseline.
  await Promise.all(writers.map((w) => w.health.ping.query()));
  await writeSteadily(3_000);
  await sleep(2_000);
  console.log("delay = receipt by the subscriber minus the writer's acknowledgement (the commit is before it),");
  console.log("and minus the event's `at` (stamped by the database when the writing transaction began).");
  // The same writes with nothing subscribed: what the machine gives before any subscription costs.
  const baseline = await writeSteadily(5_000);
  await sleep(1_000);
  const rssBefore = await instanceRssKb();
  console.log(`\nno subscriptions, task updates at ${RATE}/s`);
  console.log(`  writes (sent→ack)  ${baseline.summary}`);
  console.log(`  CPU                instances ${(baseline.cpuPerSecond * 100).toFixed(0)}% of a CPU`);
  console.log(
    `  server memory      ${(rssBefore / 1024).toFixed(0)} MB RSS (A + B, /proc/<pid>/status VmRSS; ` +
      "garbage collection moves it by ~10 MB either way, so read the 1 000 figure)",
  );
  for (const count of COUNTS) complete = (await phase(count, rssBefore, baseline.cpuPerSecond)) && complete;
} finally {
  await Promise.all(workers.map((w) => w.ask({ type: "close" }, "closed").catch(() => undefined)));
  for (const w of workers) w.worker.kill();
  await cluster.stop("SIGTERM");
  await bench.drop();
}
if (!complete) {
  console.error("\nSome events were not received.");
  process.exitCode = 1;
}
