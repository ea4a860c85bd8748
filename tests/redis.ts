import net from "node:net";
import { startUpstashBridge, type UpstashBridge } from "../tools/upstash-rest/bridge";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

// Tests of cache and rate-limit code need a real Redis. Without one they skip, saying why, except in
// CI, where a missing Redis is a failure.
export async function requireRedis(): Promise<boolean> {
  if (await reachable(REDIS_URL)) return true;
  if (process.env.CI === "true") throw new Error(`CI=true but Redis is not reachable at ${REDIS_URL}`);
  console.warn(`Skipping Redis tests: no Redis at ${REDIS_URL} (set REDIS_URL to run them).`);
  return false;
}

// Two app instances' Upstash REST endpoints in front of the one Redis (none without Redis, outside CI);
// this process's own getRedis() is pointed at the first, so set it up before importing the app.
export async function bridgePair(token: string): Promise<UpstashBridge[]> {
  if (!(await requireRedis())) return [];
  const bridges = [
    await startUpstashBridge({ redisUrl: REDIS_URL, token }),
    await startUpstashBridge({ redisUrl: REDIS_URL, token }),
  ];
  process.env.UPSTASH_REDIS_REST_URL = bridges[0]!.url;
  process.env.UPSTASH_REDIS_REST_TOKEN = token;
  return bridges;
}
