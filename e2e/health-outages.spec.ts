import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The health endpoints on real production servers whose dependencies are down: one with the database
// unreachable, one with Redis unreachable, one with no email delivery. Each runs the same build as the
// suite, on its own port.
type Health = { status: string; services: { database: string; redis: string } };

function startServer(port: number, env: Record<string, string>, stdio: "ignore" | "pipe" = "ignore"): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.resolve("src/server/http/server.ts")], {
    env: {
      ...process.env,
      PORT: String(port),
      NODE_ENV: "production",
      AUTH_SECRET: "outage-test-secret-outage-test-secret-00",
      LOG_LEVEL: "silent",
      ...env,
    },
    stdio,
  });
}

async function waitUp(port: number) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server on ${port} did not start`);
}

const servers: ChildProcess[] = [];
test.afterAll(() => {
  for (const s of servers) s.kill("SIGTERM");
});

test("with the database down: liveness stays ok, the detailed check says so within its deadline", async ({
  request,
}) => {
  const port = 3191;
  servers.push(
    startServer(port, {
      DATABASE_URL: "postgresql://postgres@127.0.0.1:1/unreachable",
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1",
      UPSTASH_REDIS_REST_TOKEN: "dead",
    }),
  );
  await waitUp(port);
  expect((await request.get(`http://127.0.0.1:${port}/api/v1/health`)).status()).toBe(200);
  const started = Date.now();
  const detailed = await request.get(`http://127.0.0.1:${port}/api/v1/health/detailed`);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(detailed.status()).toBe(503);
  expect((await detailed.json()) as Health).toMatchObject({
    status: "degraded",
    services: { database: "unhealthy", redis: "unhealthy" },
  });
  // A procedure answers with a clear error, not a hang or a stack trace.
  const ping = await request.get(`http://127.0.0.1:${port}/api/trpc/health.ping`);
  expect(ping.status()).toBe(503);
  expect(await ping.text()).toContain("The database is unavailable");
});

test("with Redis down: the app keeps serving and reports degraded", async ({ request }) => {
  test.skip(!process.env.DATABASE_URL, "needs the suite's database (DATABASE_URL)");
  const port = 3192;
  servers.push(
    startServer(port, {
      DATABASE_URL: process.env.DATABASE_URL!,
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1",
      UPSTASH_REDIS_REST_TOKEN: "dead",
    }),
  );
  await waitUp(port);
  const detailed = await request.get(`http://127.0.0.1:${port}/api/v1/health/detailed`);
  expect(detailed.status()).toBe(200);
  expect((await detailed.json()) as Health).toMatchObject({
    status: "degraded",
    services: { database: "healthy", redis: "unhealthy" },
  });
  expect((await request.get(`http://127.0.0.1:${port}/api/trpc/health.ping`)).status()).toBe(200);
});

test("without email delivery: a warning at start-up, a degraded detailed check, a notice on sign-up", async ({
  page,
  request,
}) => {
  const port = 3193;
  // Production with neither SMTP_HOST nor MAIL_DIR: every email would be dropped.
  const server = startServer(
    port,
    { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/unreachable", LOG_LEVEL: "warn", SMTP_HOST: "", MAIL_DIR: "" },
    "pipe",
  );
  servers.push(server);
  let output = "";
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitUp(port);
  expect(output).toContain("email delivery is off");

  const detailed = await request.get(`http://127.0.0.1:${port}/api/v1/health/detailed`);
  expect(await detailed.json()).toMatchObject({ status: "degraded", mail: { delivery: "off" } });

  await page.goto(`http://127.0.0.1:${port}/sign-up`);
  await expect(page.getByRole("status")).toContainText("Email delivery is not configured on this server");
});

test("with email delivery, the detailed check says how mail goes out and sign-up shows no notice", async ({
  page,
  request,
}) => {
  // The suite's own server writes mail to a folder (MAIL_DIR in playwright.config.ts).
  const detailed = await request.get("/api/v1/health/detailed");
  expect(await detailed.json()).toMatchObject({ mail: { delivery: "folder" } });
  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await expect(page.getByText("Email delivery is not configured")).toHaveCount(0);
});
