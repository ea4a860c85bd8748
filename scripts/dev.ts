// `npm run dev` (and `npm run start:local` for a production build): runs the app on whatever the
// environment provides, and on embedded defaults for what it does not.
//   - no DATABASE_URL: an embedded PostgreSQL (PGlite) under .data/pglite, migrated and seeded once;
//   - REDIS_URL without UPSTASH_REDIS_REST_URL: the local Upstash REST bridge in front of that Redis;
//   - no AUTH_SECRET: a random one, kept in .data/auth-secret so sessions survive restarts.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const DATA = path.join(ROOT, ".data");
const production = process.argv.includes("--production");
const port = Number(process.env.PORT ?? 3000);
const cleanups: (() => Promise<void>)[] = [];

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

function localSecret(file: string): string {
  const location = path.join(DATA, file);
  if (existsSync(location)) return readFileSync(location, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(location, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  mkdirSync(DATA, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  Object.assign(env, { NODE_ENV: production ? "production" : "development" });
  env.AUTH_SECRET ??= localSecret("auth-secret");
  env.CRON_SECRET ??= localSecret("cron-secret");
  env.APP_URL ??= `http://localhost:${port}`;
  env.AUTH_URL ??= env.APP_URL;
  let embedded = false;

  if (!env.DATABASE_URL) {
    const { startPglite } = await import("../tools/pglite/server.mjs");
    const started = Date.now();
    const pglite = await startPglite({ dataDir: path.resolve(ROOT, process.env.EMBEDDED_DATA_DIR ?? ".data/pglite") });
    cleanups.push(() => pglite.close());
    env.DATABASE_URL = pglite.url;
    // The embedded server answers one connection at a time.
    env.DATABASE_POOL_MAX = "1";
    // ...in one session, which cannot keep a connection's prepared statements.
    env.DATABASE_PREPARE = "false";
    embedded = true;
    console.log(`Embedded PostgreSQL (PGlite) ready at ${pglite.url} in ${Date.now() - started} ms`);
  }

  if (env.REDIS_URL && !env.UPSTASH_REDIS_REST_URL) {
    const { startUpstashBridge } = await import("../tools/upstash-rest/bridge");
    env.UPSTASH_REDIS_REST_TOKEN ??= localSecret("upstash-token");
    const bridge = await startUpstashBridge({ redisUrl: env.REDIS_URL, token: env.UPSTASH_REDIS_REST_TOKEN });
    cleanups.push(() => bridge.close());
    env.UPSTASH_REDIS_REST_URL = bridge.url;
    console.log(`Upstash REST bridge for ${env.REDIS_URL} at ${bridge.url}`);
  } else if (!env.UPSTASH_REDIS_REST_URL) {
    console.warn("No Redis configured: cache off, rate limits are kept per process.");
  }

  await run(process.execPath, [path.join(ROOT, "scripts/prisma.mjs"), "migrate", "deploy"], env);
  if (embedded || process.argv.includes("--seed")) {
    await run(process.execPath, ["--import", "tsx", path.join(ROOT, "prisma/seed.ts")], env);
  }

  // Production: the server `npm start` runs (src/server/http/server.ts); development: `next dev`.
  const args = production
    ? ["--import", "tsx", path.join(ROOT, "src/server/http/server.ts")]
    : [path.join(ROOT, "node_modules/next/dist/bin/next"), "dev", "-p", String(port)];
  const next: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: "inherit",
  });
  console.log(`\nTaskmanager: http://localhost:${port}`);
  if (embedded) console.log("Demo login: demo@taskmanager.local / demo-password\n");

  const stop = async (code: number) => {
    next.kill("SIGTERM");
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    process.exit(code);
  };
  next.on("exit", (code) => void stop(code ?? 0));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  process.exit(1);
});
