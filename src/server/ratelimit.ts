import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import { env } from "~/env.mjs";
import { ZEmail } from "~/lib/email";
import { addressKey } from "~/server/client-address";
import { logger } from "~/server/logger";
import { getRedis } from "~/server/redis";

// Rate limits shared by every instance through Redis (the original design's Nginx limit_req):
// - api: RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW per user, per IP when signed out;
// - login / reset: RATE_LIMIT_LOGIN_MAX (5) a minute per IP and per email; "reset" covers every call
//   that sends an email (sign-up, verification link, reset link).
// When Redis fails the policies differ on purpose: the API fails open (an outage of the limiter must
// not become an outage of the product), while login and reset fall back to a limit kept in this
// process, so brute force stays throttled on every instance even then. With no Redis configured at
// all, every limit is kept per process (and a warning says so at start-up).
export type LimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
  source: "redis" | "local" | "open";
};

type Policy = { name: "api" | "login" | "reset"; max: number; windowMs: number; onFailure: "open" | "local" };

export const POLICIES = {
  api: { name: "api", max: env.RATE_LIMIT_MAX, windowMs: env.RATE_LIMIT_WINDOW, onFailure: "open" },
  login: { name: "login", max: env.RATE_LIMIT_LOGIN_MAX, windowMs: 60_000, onFailure: "local" },
  reset: { name: "reset", max: env.RATE_LIMIT_LOGIN_MAX, windowMs: 60_000, onFailure: "local" },
} as const satisfies Record<string, Policy>;

// A fixed-window counter in memory: the fallback when Redis cannot answer.
class LocalWindow {
  private counts = new Map<string, { count: number; resetAt: number }>();
  constructor(private readonly policy: Policy) {}

  limit(id: string): LimitResult {
    const now = Date.now();
    let entry = this.counts.get(id);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + this.policy.windowMs };
      this.counts.set(id, entry);
      if (this.counts.size > 50_000) this.sweep(now);
    }
    entry.count++;
    const success = entry.count <= this.policy.max;
    return {
      success,
      limit: this.policy.max,
      remaining: Math.max(0, this.policy.max - entry.count),
      retryAfterSeconds: success ? 0 : Math.max(1, Math.ceil((entry.resetAt - now) / 1000)),
      source: "local",
    };
  }

  private sweep(now: number) {
    for (const [key, value] of this.counts) if (value.resetAt <= now) this.counts.delete(key);
  }
}

export class RateLimiter {
  private readonly remote: Ratelimit | null;
  private readonly local: LocalWindow;

  constructor(
    private readonly policy: Policy,
    redis: Redis | null,
    options: { timeoutMs?: number } = {},
  ) {
    this.local = new LocalWindow(policy);
    this.remote = redis
      ? new Ratelimit({
          redis,
          limiter: Ratelimit.slidingWindow(policy.max, `${policy.windowMs} ms`),
          prefix: `tm:rl:${policy.name}`,
          // A blocked id is re-checked in Redis each time, so every instance agrees.
          ephemeralCache: false,
          timeout: options.timeoutMs ?? 1_000,
          analytics: false,
        })
      : null;
  }

  async limit(id: string): Promise<LimitResult> {
    if (!this.remote) return this.local.limit(id);
    try {
      const r = await this.remote.limit(id);
      if (r.reason === "timeout") throw new Error("rate limiter timed out");
      return {
        success: r.success,
        limit: r.limit,
        remaining: r.remaining,
        retryAfterSeconds: r.success ? 0 : Math.max(1, Math.ceil((r.reset - Date.now()) / 1000)),
        source: "redis",
      };
    } catch (error) {
      logger.warn({ err: error, policy: this.policy.name }, "rate limiter unavailable");
      if (this.policy.onFailure === "local") return this.local.limit(id);
      return {
        success: true,
        limit: this.policy.max,
        remaining: this.policy.max,
        retryAfterSeconds: 0,
        source: "open",
      };
    }
  }
}

let limiters: Record<keyof typeof POLICIES, RateLimiter> | null = null;

export function rateLimiters() {
  if (!limiters) {
    const redis = getRedis();
    limiters = {
      api: new RateLimiter(POLICIES.api, redis),
      login: new RateLimiter(POLICIES.login, redis),
      reset: new RateLimiter(POLICIES.reset, redis),
    };
  }
  return limiters;
}

// Tests swap in limiters bound to a Redis of their choosing.
export function setRateLimiters(next: typeof limiters) {
  limiters = next;
}

// Both the address and the account must be under their limits: a botnet cannot spread one
// account's guesses across IPs, and one IP cannot sweep many accounts. The account is keyed on the
// address as sign-in reads it (ZEmail: trimmed, lowercased), so no spelling of it is a fresh bucket;
// input that is no address cannot name an account and counts against the IP alone.
export async function limitBoth(limiter: RateLimiter, ip: string, email: unknown): Promise<LimitResult> {
  const account = ZEmail.safeParse(email);
  const byIp = await limiter.limit(`ip:${addressKey(ip)}`);
  const byEmail = account.success ? await limiter.limit(`email:${account.data}`) : byIp;
  if (!byIp.success) return byIp;
  return byEmail;
}
