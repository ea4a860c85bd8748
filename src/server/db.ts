import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "~/env.mjs";
import { PrismaClient } from "~/generated/prisma/client";

export type Db = PrismaClient;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({
    connectionString,
    max: options.max ?? env.DATABASE_POOL_MAX,
    // A database that is down must give a clear error quickly, not a hang.
    connectionTimeoutMillis: env.DATABASE_CONNECT_TIMEOUT_MS,
    statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { taskmanagerDb?: Db };

function missingDatabase(): never {
  throw new Error(
    "DATABASE_URL is not set. Run `npm run dev` for the embedded database, or set DATABASE_URL (see .env.example).",
  );
}

// One client per process; dev hot reload would otherwise open a new pool on every edit.
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    if (!globalForDb.taskmanagerDb) {
      if (!env.DATABASE_URL) missingDatabase();
      globalForDb.taskmanagerDb = createDb(env.DATABASE_URL);
    }
    const client = globalForDb.taskmanagerDb as unknown as Record<string | symbol, unknown>;
    const value = client[property];
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});
