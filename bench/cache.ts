// `npm run bench:cache`: task.list over HTTP with the Redis cache warm versus no cache, same database,
// same run. Needs PostgreSQL (as bench:tasks) and Redis (REDIS_URL, default redis://127.0.0.1:6379).
import { startUpstashBridge } from "../tools/upstash-rest/bridge";
import { ensureBuild, startApp, waitFor } from "./lib/app";
import { formatResult, load } from "./lib/load";
import { benchDatabase, seedTasks } from "./lib/seed";

const SIZE = Number(process.env.BENCH_SIZE ?? 100_000);
const DURATION = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const WARMUP = Number(process.env.BENCH_WARMUP_MS ?? 3_000);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const TOKEN = "bench-cache-token";

await ensureBuild();
const bench = await benchDatabase("tm_bench_cache");
const bridge = await startUpstashBridge({ redisUrl: REDIS_URL, token: TOKEN });
const cachedApp = startApp(3220, bench.url, { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: TOKEN });
const plainApp = startApp(3221, bench.url);
try {
  console.log(`seeded ${SIZE.toLocaleString("en")} tasks in ${((await seedTasks(bench, SIZE)) / 1000).toFixed(1)} s`);
  await Promise.all([
    waitFor("http://127.0.0.1:3220/api/v1/health", 60_000),
    waitFor("http://127.0.0.1:3221/api/v1/health", 60_000),
  ]);
  const input = encodeURIComponent(
    JSON.stringify({ json: { projectId: bench.projectId, status: ["TODO", "IN_PROGRESS"], limit: 50 } }),
  );
  const headers = { authorization: `Bearer ${bench.token}` };
  const path = `/api/trpc/task.list?input=${input}`;
  for (const port of [3220, 3221]) {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    if (res.status !== 200) throw new Error(`port ${port} answered ${res.status}: ${await res.text()}`);
  }
  const warm = await load(`http://127.0.0.1:3220${path}`, { headers, durationMs: DURATION, warmupMs: WARMUP });
  const off = await load(`http://127.0.0.1:3221${path}`, { headers, durationMs: DURATION, warmupMs: WARMUP });
  console.log(`\ntask.list, first page of 50, ${SIZE.toLocaleString("en")} tasks, 10 connections`);
  console.log(`  cache warm  ${formatResult(warm)}`);
  console.log(`  cache off   ${formatResult(off)}`);
  console.log(`  warm / off  throughput ${(warm.rps / off.rps).toFixed(2)}x, p99 ${(warm.p99 / off.p99).toFixed(2)}x`);
} finally {
  cachedApp.kill("SIGTERM");
  plainApp.kill("SIGTERM");
  await bridge.close();
  await bench.drop();
}
