import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export async function ensureBuild() {
  if (existsSync(path.join(ROOT, ".next/BUILD_ID"))) return;
  console.log("No production build; running `npm run build` first.");
  await new Promise<void>((resolve, reject) =>
    spawn("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" }).on("exit", (c) =>
      c === 0 ? resolve() : reject(new Error("build failed")),
    ),
  );
}

// A production server of the app on the given database, with the given extra env: `npm start`
// (src/server/http/server.ts), or with `nextStart` plain `next start`, where /api/trpc goes through
// Next's route handler as it does on Vercel.
export function startApp(
  port: number,
  databaseUrl: string,
  env: Record<string, string> = {},
  options: { nextStart?: boolean } = {},
): ChildProcess {
  // e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server.
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const command = options.nextStart
    ? [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port)]
    : ["--import", "tsx", path.join(ROOT, "src/server/http/server.ts")];
  return spawn(process.execPath, [...nodeArgs, ...command], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: "10",
      LOG_LEVEL: "warn",
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret-000",
      RATE_LIMIT_MAX: "1000000",
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export async function waitFor(url: string, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}
