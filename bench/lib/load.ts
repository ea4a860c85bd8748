import http from "node:http";

export type LoadResult = { requests: number; rps: number; p50: number; p99: number; errors: number };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function once(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers, method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

// A closed-loop load: `connections` clients, each sending the next request when the last one answers.
export async function load(
  target: string,
  options: { headers?: Record<string, string>; connections?: number; durationMs?: number; warmupMs?: number } = {},
): Promise<LoadResult> {
  const url = new URL(target);
  const connections = options.connections ?? 10;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const headers = options.headers ?? {};
  const run = async (durationMs: number, record: boolean) => {
    const latencies: number[] = [];
    let errors = 0;
    const end = performance.now() + durationMs;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < end) {
          const started = performance.now();
          try {
            const status = await once(agent, url, headers);
            if (status !== 200) errors++;
          } catch {
            errors++;
          }
          if (record) latencies.push(performance.now() - started);
        }
      }),
    );
    return { latencies, errors };
  };
  await run(options.warmupMs ?? 3_000, false);
  const durationMs = options.durationMs ?? 10_000;
  const { latencies, errors } = await run(durationMs, true);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: latencies.length / (durationMs / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

export function formatResult(r: LoadResult): string {
  return `${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2).padStart(7)} ms  p99 ${r.p99.toFixed(2).padStart(7)} ms${r.errors ? `  errors ${r.errors}` : ""}`;
}
