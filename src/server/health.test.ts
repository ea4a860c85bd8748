import type { Redis } from "@upstash/redis";
import { describe, expect, it } from "vitest";
import type { Db } from "~/server/db";
import { detailedHealth } from "./health";

// Stand-ins that answer at once: what is checked here is how the report reads, not the probes.
const db = { $queryRaw: () => Promise.resolve([{ "?column?": 1 }]) } as unknown as Db;
const redis = { ping: () => Promise.resolve("PONG") } as unknown as Redis;

describe("detailedHealth and email delivery", () => {
  it.each(["smtp", "folder"] as const)("with email going out by %s, reports ok and says how", async (delivery) => {
    expect(await detailedHealth(db, redis, 1_000, delivery)).toMatchObject({
      status: "ok",
      services: { database: "healthy", redis: "healthy" },
      mail: { delivery },
    });
  });

  it("with email delivery off, reports degraded and says delivery is off", async () => {
    expect(await detailedHealth(db, redis, 1_000, "off")).toMatchObject({
      status: "degraded",
      services: { database: "healthy", redis: "healthy" },
      mail: { delivery: "off" },
    });
  });
});
