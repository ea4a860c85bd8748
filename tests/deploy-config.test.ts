import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("vercel.json", () => {
  const config = JSON.parse(readFileSync(path.join(ROOT, "vercel.json"), "utf8")) as {
    crons?: { path: string; schedule: string }[];
    functions?: Record<string, unknown>;
  };

  it("points every cron at a route that exists", () => {
    expect(config.crons?.length).toBeGreaterThan(0);
    for (const cron of config.crons ?? []) {
      expect(existsSync(path.join(ROOT, "src/app", cron.path, "route.ts")), cron.path).toBe(true);
      expect(cron.schedule.split(" ")).toHaveLength(5);
    }
  });

  it("backs up nightly, with a function duration for the backup route", () => {
    expect(config.crons?.map((c) => c.path)).toContain("/api/cron/backup");
    const backup = config.functions?.["src/app/api/cron/backup/route.ts"] as { maxDuration?: number } | undefined;
    expect(backup?.maxDuration).toBeGreaterThanOrEqual(60);
  });

  it("configures only functions that exist", () => {
    for (const file of Object.keys(config.functions ?? {})) {
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
    }
  });
});

describe("render.yaml", () => {
  const text = readFileSync(path.join(ROOT, "render.yaml"), "utf8");

  it("runs migrations before deploy, checks health, and scales like the original design", () => {
    expect(text).toMatch(/preDeployCommand: npm run db:migrate/);
    expect(text).toMatch(/healthCheckPath: \/api\/v1\/health/);
    expect(text).toMatch(/minInstances: 2\s+maxInstances: 10\s+targetCPUPercent: 70\s+targetMemoryPercent: 80/);
  });

  it("runs the backup as a cron job with the database and every S3 setting left to the operator", () => {
    const job = /- type: cron\n\s+name: taskmanager-backup\n([\s\S]*?)(?=\n {2}- type:|\ndatabases:)/.exec(text)?.[1];
    expect(job).toBeDefined();
    expect(job).toMatch(/startCommand: npm run db:backup/);
    expect(job).toMatch(/key: DATABASE_URL\s+fromDatabase:/);
    for (const key of [
      "BUCKET",
      "REGION",
      "ENDPOINT",
      "ACCESS_KEY_ID",
      "SECRET_ACCESS_KEY",
      "PREFIX",
      "FORCE_PATH_STYLE",
    ]) {
      expect(job, key).toMatch(new RegExp(`key: BACKUP_S3_${key}\\n\\s+sync: false`));
    }
  });

  it("names only npm scripts that exist", () => {
    const scripts = (
      JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    for (const [, name] of text.matchAll(/npm run ([\w:-]+)/g)) expect(scripts[name!], name).toBeDefined();
  });
});
