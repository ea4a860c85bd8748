import { Redis } from "@upstash/redis";
import { env } from "~/env.mjs";
import { logger } from "~/server/logger";

// Redis is an accelerator, never a dependency: every call is short and a failure means "no cache".
export const REDIS_TIMEOUT_MS = 500;

let client: Redis | null | undefined;

export function getRedis(): Redis | null {
  if (client !== undefined) return client;
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) {
    logger.warn("No Redis configured (UPSTASH_REDIS_REST_URL): cache off, rate limits kept per process.");
    client = null;
    return client;
  }
  client = new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    retry: false,
    enableTelemetry: false,
    // Values are read back exactly as written (the cache parses its own entries).
    automaticDeserialization: false,
    signal: () => AbortSignal.timeout(REDIS_TIMEOUT_MS),
  });
  return client;
}

// For tests and benchmarks that point one process at several Redis endpoints.
export function createRedis(url: string, token: string, timeoutMs = REDIS_TIMEOUT_MS): Redis {
  return new Redis({
    url,
    token,
    retry: false,
    enableTelemetry: false,
    automaticDeserialization: false,
    signal: () => AbortSignal.timeout(timeoutMs),
  });
}
