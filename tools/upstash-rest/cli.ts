// Runs the Upstash REST bridge on its own, e.g. as a CI step:
//   REDIS_URL=redis://127.0.0.1:6379 UPSTASH_REDIS_REST_TOKEN=… npx tsx tools/upstash-rest/cli.ts
// Env: REDIS_URL (redis://127.0.0.1:6379), UPSTASH_BRIDGE_PORT (8079), UPSTASH_BRIDGE_HOST (127.0.0.1),
// UPSTASH_REDIS_REST_TOKEN (local-dev-token when unset).
import { redactUrl, startUpstashBridge, type UpstashBridge } from "./bridge";

const DEV_TOKEN = "local-dev-token";
// In CI the Redis service may still be starting when this step runs.
const CONNECT_DEADLINE_MS = 15_000;

const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const host = process.env.UPSTASH_BRIDGE_HOST || "127.0.0.1";
const port = Number(process.env.UPSTASH_BRIDGE_PORT || 8079);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`UPSTASH_BRIDGE_PORT must be a port number, not "${process.env.UPSTASH_BRIDGE_PORT}".`);
  process.exit(1);
}
const token = process.env.UPSTASH_REDIS_REST_TOKEN || DEV_TOKEN;
if (!process.env.UPSTASH_REDIS_REST_TOKEN) {
  console.warn(`UPSTASH_REDIS_REST_TOKEN is not set; the bridge accepts the development token "${DEV_TOKEN}".`);
}

async function start(): Promise<UpstashBridge> {
  const deadline = Date.now() + CONNECT_DEADLINE_MS;
  for (;;) {
    try {
      return await startUpstashBridge({ redisUrl, token, port, host });
    } catch (error) {
      const portTaken = error instanceof Error && "code" in error && error.code === "EADDRINUSE";
      if (portTaken || Date.now() >= deadline) {
        const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
        console.error(`Not started: ${error instanceof Error ? error.message : String(error)}${cause}`);
        process.exit(1);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

const bridge = await start();
console.log(`Upstash REST bridge for ${redactUrl(redisUrl)} listening on ${bridge.url}`);
console.log(`UPSTASH_REDIS_REST_URL=${bridge.url}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // A second signal does not wait for requests under way.
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: stopping the Upstash REST bridge`);
    bridge.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
