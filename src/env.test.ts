import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.mjs";

describe("parseEnv", () => {
  it("applies defaults from the original design", () => {
    const env = parseEnv({});
    expect(env.RATE_LIMIT_MAX).toBe(100);
    expect(env.RATE_LIMIT_WINDOW).toBe(60_000);
    expect(env.BACKUP_RETENTION_DAYS).toBe(30);
    expect(env.MAX_FILE_SIZE).toBe(10_485_760);
    expect(env.LOG_LEVEL).toBe("info");
  });

  it("names every malformed variable", () => {
    let message = "";
    try {
      parseEnv({ DATABASE_URL: "mysql://x", RATE_LIMIT_MAX: "lots", LOG_LEVEL: "loud" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("RATE_LIMIT_MAX");
    expect(message).toContain("LOG_LEVEL");
  });

  it("treats an empty value as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", SENTRY_DSN: "" }).DATABASE_URL).toBeUndefined();
  });

  it("requires the database and auth secret for a production server, not for a build", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).not.toThrow();
    expect(() => parseEnv({ NODE_ENV: "production" }, { runtime: true })).toThrow(
      /DATABASE_URL: required[\s\S]*AUTH_SECRET/,
    );
    expect(() =>
      parseEnv(
        { NODE_ENV: "production", DATABASE_URL: "postgresql://h/db", AUTH_SECRET: "x".repeat(32) },
        { runtime: true },
      ),
    ).not.toThrow();
  });

  it("rejects a short auth secret", () => {
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
  });
});
