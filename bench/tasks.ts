// `npm run bench:tasks`: task.list over HTTP at 10 000 and 100 000 tasks, against the same query run
// with raw `pg` on node:http in the same run. The app runs as `npm start` does (src/server/http/server.ts);
// at the first size, the first page is also measured through `next start`, where /api/trpc goes through
// Next's route handler as it does on Vercel. Needs a PostgreSQL server (BENCH_DATABASE_URL, else
// TEST_DATABASE_URL / DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres) and a
// production build (`npm run build`; built here when missing).
import http from "node:http";
import pg from "pg";
import superjson from "superjson";
import { ensureBuild, startApp, waitFor } from "./lib/app";
import { formatResult, load, type LoadResult } from "./lib/load";
import { benchDatabase, seedTasks, type BenchDb } from "./lib/seed";

const SIZES = (process.env.BENCH_SIZES ?? "10000,100000").split(",").map(Number);
const DURATION = Number(process.env.BENCH_DURATION_MS ?? 5_000);
const WARMUP = Number(process.env.BENCH_WARMUP_MS ?? 3_000);
// task.list and raw pg take turns this many times per query; each side reports its median round, so
// one noisy interval on a shared machine does not decide a ratio.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT_APP = 3210;
const PORT_RAW = 3211;
const PORT_NEXT = 3212;

type Query = { name: string; input: Record<string, unknown> };

function queries(bench: BenchDb): Query[] {
  return [
    { name: "first page", input: { projectId: bench.projectId, status: ["TODO", "IN_PROGRESS"], limit: 50 } },
    {
      name: "filtered page",
      input: { projectId: bench.projectId, assigneeId: bench.assigneeId, priority: ["HIGH", "URGENT"], limit: 50 },
    },
    // Two filters that leave more than a page at both sizes, so the sizes compare like for like (the
    // assignee filter above matches fewer than 50 tasks at 10 000, hence a smaller, cheaper answer).
    {
      name: "due + priority",
      input: {
        projectId: bench.projectId,
        priority: ["HIGH", "URGENT"],
        dueAfter: new Date(0),
        limit: 50,
      },
    },
    { name: "search", input: { projectId: bench.projectId, search: bench.searchWord, limit: 50 } },
  ];
}

// The baseline: the SQL task.list runs, sent with pg from a bare node:http server.
async function startRawServer(url: string, statements: { text: string; values: unknown[] }[]) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // The database is dropped with FORCE at the end, which ends any connection still open.
  pool.on("error", () => undefined);
  const server = http.createServer((req, res) => {
    const index = Number(new URL(req.url ?? "/", "http://x").searchParams.get("q"));
    const statement = statements[index];
    if (!statement) {
      res.writeHead(404).end();
      return;
    }
    pool
      .query(statement.text, statement.values)
      .then((result) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(result.rows));
      })
      .catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(PORT_RAW, "127.0.0.1", resolve));
  return {
    close: async () => {
      server.close();
      await pool.end();
    },
  };
}

// The round with the median throughput.
function median(rounds: LoadResult[]): LoadResult {
  return [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)]!;
}

async function main() {
  await ensureBuild();
  const { listTasks } = await import("~/server/tasks/list");
  const { sqlOf } = await import("./lib/capture-sql");
  // The seeded workspace's owner (bench/lib/seed.ts).
  const BENCH_OWNER = { workspaceId: "bench-ws", userId: "bench-user-0", role: "OWNER" } as const;
  const results: { size: number; query: string; app: LoadResult; raw: LoadResult }[] = [];
  const floors: { name: string; result: LoadResult }[] = [];

  for (const size of SIZES) {
    const bench = await benchDatabase(`tm_bench_tasks_${size}`);
    try {
      const seeded = await seedTasks(bench, size);
      console.log(
        `\n== ${size.toLocaleString("en")} tasks (${bench.perProject.toLocaleString("en")} per project), seeded in ${(seeded / 1000).toFixed(1)} s`,
      );
      const qs = queries(bench);
      const statements = await Promise.all(
        qs.map((q) => sqlOf((db) => listTasks(db, BENCH_OWNER, { sort: "position", ...q.input } as never))),
      );
      const raw = await startRawServer(bench.url, statements);
      const app = startApp(PORT_APP, bench.url);
      try {
        await waitFor(`http://127.0.0.1:${PORT_APP}/api/v1/health`, 60_000);
        const auth = { authorization: `Bearer ${bench.token}` };
        const listUrl = (port: number, q: Query) =>
          `http://127.0.0.1:${port}/api/trpc/task.list?input=${encodeURIComponent(JSON.stringify(superjson.serialize(q.input)))}`;
        if (floors.length === 0) {
          const viaNext = startApp(PORT_NEXT, bench.url, {}, { nextStart: true });
          try {
            await waitFor(`http://127.0.0.1:${PORT_NEXT}/api/v1/health`, 60_000);
            floors.push({
              name: "task.list first page via next start",
              result: await load(listUrl(PORT_NEXT, qs[0]!), { headers: auth, durationMs: DURATION, warmupMs: WARMUP }),
            });
          } finally {
            viaNext.kill("SIGTERM");
          }
          // What the framework costs before task.list does anything: a Next.js route that does no work,
          // and a tRPC procedure that sends one `SELECT 1` through Prisma.
          for (const [name, route] of [
            ["Next.js route, no work (/api/v1/health)", "/api/v1/health"],
            ["tRPC, one SELECT 1 (health.ping)", "/api/trpc/health.ping"],
          ] as const) {
            floors.push({
              name,
              result: await load(`http://127.0.0.1:${PORT_APP}${route}`, { durationMs: DURATION, warmupMs: WARMUP }),
            });
          }
        }
        for (const [index, q] of qs.entries()) {
          const appUrl = listUrl(PORT_APP, q);
          const rawUrl = `http://127.0.0.1:${PORT_RAW}/?q=${index}`;
          const check = await fetch(appUrl, { headers: auth });
          if (check.status !== 200) throw new Error(`task.list answered ${check.status}: ${await check.text()}`);
          const body = (await check.json()) as { result: { data: { json: { items: unknown[] } } } };
          const rawRows = (await (await fetch(rawUrl)).json()) as unknown[];
          // Alternate the two servers so neither gets a warmer machine.
          const appOptions = { headers: auth, durationMs: DURATION };
          await load(appUrl, { ...appOptions, durationMs: WARMUP, warmupMs: 0 });
          await load(rawUrl, { durationMs: WARMUP, warmupMs: 0 });
          const appRounds: LoadResult[] = [];
          const rawRounds: LoadResult[] = [];
          for (let round = 0; round < ROUNDS; round++) {
            appRounds.push(await load(appUrl, { ...appOptions, warmupMs: 500 }));
            rawRounds.push(await load(rawUrl, { durationMs: DURATION, warmupMs: 500 }));
          }
          const appResult = median(appRounds);
          const rawResult = median(rawRounds);
          results.push({ size, query: q.name, app: appResult, raw: rawResult });
          console.log(
            `${q.name.padEnd(14)} rows ${String(body.result.data.json.items.length).padStart(3)}/${String(Math.min(rawRows.length, 50)).padStart(3)}`,
          );
          const rps = (rounds: LoadResult[]) => rounds.map((r) => r.rps.toFixed(0)).join(" ");
          console.log(`  rounds     task.list ${rps(appRounds)} | raw pg ${rps(rawRounds)} req/s`);
          console.log(`  task.list  ${formatResult(appResult)}`);
          console.log(`  raw pg     ${formatResult(rawResult)}   ratio ${(appResult.rps / rawResult.rps).toFixed(2)}`);
        }
      } finally {
        app.kill("SIGTERM");
        await raw.close();
      }
    } finally {
      await bench.drop();
    }
  }

  console.log("\nSummary (task.list over HTTP vs raw pg, same run)");
  console.log("size      query           app req/s  app p50  app p99   raw req/s  raw p99   app/raw");
  for (const r of results) {
    console.log(
      `${String(r.size).padEnd(9)} ${r.query.padEnd(15)} ${r.app.rps.toFixed(0).padStart(9)} ${r.app.p50.toFixed(2).padStart(8)} ${r.app.p99.toFixed(2).padStart(8)} ${r.raw.rps.toFixed(0).padStart(10)} ${r.raw.p99.toFixed(2).padStart(9)} ${(r.app.rps / r.raw.rps).toFixed(2).padStart(8)}`,
    );
  }
  console.log("\nFramework floor and Next's route handler (same database, same run):");
  for (const f of floors) console.log(`  ${f.name.padEnd(42)} ${formatResult(f.result)}`);
  if (SIZES.length >= 2) {
    const [small, large] = [SIZES[0], SIZES[SIZES.length - 1]];
    console.log(`\nLatency growth ${small} -> ${large} tasks (p50 ratio, target <= 1.5):`);
    for (const q of new Set(results.map((r) => r.query))) {
      const a = results.find((r) => r.size === small && r.query === q)!;
      const b = results.find((r) => r.size === large && r.query === q)!;
      console.log(
        `  ${q.padEnd(14)} ${(b.app.p50 / a.app.p50).toFixed(2)}  (p99 ${(b.app.p99 / a.app.p99).toFixed(2)})`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
