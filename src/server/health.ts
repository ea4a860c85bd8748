import type { Redis } from "@upstash/redis";
import type { Db } from "~/server/db";
import { mailDelivery, type MailDelivery } from "~/server/mail/delivery";

export type ServiceState = "healthy" | "unhealthy";
export type DetailedHealth = {
  status: "ok" | "degraded";
  timestamp: string;
  services: { database: ServiceState; redis: ServiceState };
  // How email leaves the app; "off" (production without SMTP) means nobody can confirm an address.
  mail: { delivery: MailDelivery };
};

export const CHECK_TIMEOUT_MS = 2_000;

// Each check gets a short deadline, so a dead dependency answers "unhealthy" instead of hanging.
async function within(check: () => Promise<unknown>, timeoutMs: number): Promise<ServiceState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
    return "healthy";
  } catch {
    return "unhealthy";
  } finally {
    clearTimeout(timer);
  }
}

// Redis is optional: with none configured it is reported unhealthy, and the app runs degraded
// (no shared cache, per-process rate limits). Email delivery off degrades it too.
export async function detailedHealth(
  db: Db,
  redis: Redis | null,
  timeoutMs = CHECK_TIMEOUT_MS,
  mail: MailDelivery = mailDelivery(),
): Promise<DetailedHealth> {
  const [database, cache] = await Promise.all([
    within(() => db.$queryRaw`SELECT 1`, timeoutMs),
    redis
      ? within(async () => {
          if ((await redis.ping()) !== "PONG") throw new Error("unexpected reply");
        }, timeoutMs)
      : Promise.resolve<ServiceState>("unhealthy"),
  ]);
  return {
    status: database === "healthy" && cache === "healthy" && mail !== "off" ? "ok" : "degraded",
    timestamp: new Date().toISOString(),
    services: { database, redis: cache },
    mail: { delivery: mail },
  };
}
