// Runs the Upstash REST bridge on its own (e.g. as a CI service):
//   REDIS_URL=redis://127.0.0.1:6379 UPSTASH_REDIS_REST_TOKEN=… npx tsx scripts/upstash-rest/cli.ts
import { startUpstashBridge } from "./bridge";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const port = Number(process.env.UPSTASH_BRIDGE_PORT ?? 8079);
const host = process.env.UPSTASH_BRIDGE_HOST ?? "127.0.0.1";
let token = process.env.UPSTASH_REDIS_REST_TOKEN;
if (!token) {
  token = "local-dev-token";
  console.warn(`UPSTASH_REDIS_REST_TOKEN is not set; using "${token}".`);
}

const bridge = await startUpstashBridge({ redisUrl, token, port, host });
console.log(`Upstash REST bridge for ${redisUrl} listening on ${bridge.url}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void bridge.close().then(() => process.exit(0));
  });
}
