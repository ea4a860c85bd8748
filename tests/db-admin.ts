import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";

export const ROOT = path.resolve(import.meta.dirname, "..");

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** One statement on a connection of its own; its rows. */
export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// The embedded PGlite (tests/global-setup.ts) is served with sslmode=disable; a server is not.
// PGlite holds one database, so tests that create databases beside their own need a server.
export function embeddedDatabase(): boolean {
  return new URL(process.env.DATABASE_URL!).searchParams.get("sslmode") === "disable";
}

export type RunResult = { code: number; stdout: string; stderr: string; ms: number };

// Runs a program and collects its output. Asynchronous on purpose: an embedded PGlite answers from
// this process, so it must not be blocked while the program talks to it.
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code: code ?? 1, stdout, stderr, ms: Math.round(performance.now() - started) }),
    );
  });
}

// Runs the Prisma CLI through the project's wrapper (which supplies the offline schema engine).
export function runPrisma(args: string[], env: Record<string, string | undefined>): Promise<RunResult> {
  return runCommand(process.execPath, [path.join(ROOT, "scripts/prisma.mjs"), ...args], { env });
}

export async function migrateDeploy(url: string): Promise<void> {
  const result = await runPrisma(["migrate", "deploy"], { DATABASE_URL: url });
  if (result.code !== 0) {
    throw new Error(`prisma migrate deploy failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}
