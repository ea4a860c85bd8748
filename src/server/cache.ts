import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type { Redis } from "@upstash/redis";
import superjson from "superjson";
import { stringify } from "~/lib/wire";
import { logger } from "~/server/logger";
import { getRedis } from "~/server/redis";

// A read-through cache in Redis, shared by every instance. Each namespace (one workspace's tasks, one
// workspace's members) has a version number in Redis; entries live under the version they were read
// at, and every write bumps the version, so after a write — on this instance or any other — no reader
// can find an entry from before it. TTLs bound what an unreachable Redis could leave behind.
export const CACHE_TTL_SECONDS = 60;
export const MAX_ENTRY_BYTES = 256 * 1024;

let override: Redis | null | undefined;

// Tests and benchmarks point the cache at a Redis of their choosing (or none).
export function useCacheRedis(redis: Redis | null | undefined) {
  override = redis;
}

function redis(): Redis | null {
  return override === undefined ? getRedis() : override;
}

const READ = `local v = redis.call('GET', KEYS[1]) or '0'
return {v, redis.call('GET', ARGV[1] .. v .. ':' .. ARGV[2])}`;

export type CacheStats = { hits: number; misses: number; errors: number };
export const cacheStats: CacheStats = { hits: 0, misses: 0, errors: 0 };

export function cacheKey(value: unknown): string {
  return createHash("sha1").update(JSON.stringify(value)).digest("base64url");
}

// `keyOf` may be a function, so that a key that costs a hash is only made when there is a cache to ask.
export async function cached<T>(namespace: string, keyOf: string | (() => string), load: () => Promise<T>): Promise<T> {
  const client = redis();
  if (!client) return load();
  const key = typeof keyOf === "string" ? keyOf : keyOf();
  let version: string;
  try {
    const [v, hit] = await client.eval<string[], [string, string | null]>(
      READ,
      [`tm:v:${namespace}`],
      [`tm:c:${namespace}:`, key],
    );
    version = v;
    if (hit !== null) {
      cacheStats.hits++;
      return superjson.parse<T>(hit);
    }
  } catch (error) {
    cacheStats.errors++;
    logger.debug({ err: error, namespace }, "cache read failed; reading the database");
    return load();
  }
  cacheStats.misses++;
  const value = await load();
  const serialized = stringify(value);
  if (serialized.length <= MAX_ENTRY_BYTES) {
    client.set(`tm:c:${namespace}:${version}:${key}`, serialized, { ex: CACHE_TTL_SECONDS }).catch(() => {
      cacheStats.errors++;
    });
  }
  return value;
}

export async function bumpVersions(namespaces: Iterable<string>): Promise<void> {
  const client = redis();
  const list = [...new Set(namespaces)];
  if (!client || list.length === 0) return;
  try {
    const pipeline = client.pipeline();
    for (const ns of list) {
      pipeline.incr(`tm:v:${ns}`);
      // Versions outlive entries, so a fresh entry is never read under a recycled version.
      pipeline.expire(`tm:v:${ns}`, 7 * 24 * 3600);
    }
    await pipeline.exec();
  } catch (error) {
    cacheStats.errors++;
    logger.warn({ err: error, namespaces: list }, "cache invalidation failed; entries expire within the TTL");
  }
}

export const tasksNamespace = (workspaceId: string) => `tasks:${workspaceId}`;
export const membersNamespace = (workspaceId: string) => `members:${workspaceId}`;

// Which workspaces a request touched, so a successful write invalidates exactly those.
const touched = new AsyncLocalStorage<Set<string>>();

export function noteWorkspace(workspaceId: string) {
  touched.getStore()?.add(workspaceId);
}

export async function trackWrites<T>(run: () => Promise<T>): Promise<{ result: T; workspaces: Set<string> }> {
  const workspaces = new Set<string>();
  const result = await touched.run(workspaces, run);
  return { result, workspaces };
}
