import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "~/env.mjs";
import { NativeDate } from "~/server/http/native-date";
import { PrismaClient, type Prisma } from "~/generated/prisma/client";

// The Prisma client, plus the pg pool under it for the few hot reads sent as plain SQL, and whether
// those reads may be prepared statements (see sqlRows).
export type Db = PrismaClient & { readonly $pool?: pg.Pool; readonly $prepare?: boolean };

// Prisma stores DateTime as UTC `timestamp`; read it back as UTC, as Prisma does.
const TIMESTAMP = 1114;
export const parseUtc = (value: string): Date => new NativeDate(`${value.replace(" ", "T")}Z`);
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP
      ? parseUtc
      : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as typeof pg.types.getTypeParser,
};

const TRANSACTION_MAX_WAIT_MS = 10_000;
const TRANSACTION_TIMEOUT_MS = 15_000;

export function createDb(connectionString: string, options: { max?: number; prepare?: boolean } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? env.DATABASE_POOL_MAX,
    // A database that is down must give a clear error quickly, not a hang.
    connectionTimeoutMillis: env.DATABASE_CONNECT_TIMEOUT_MS,
    statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  pool.on("error", () => undefined);
  // adapter-pg is typed against its own copy of @types/pg; the pool is the same pg.Pool at run time.
  const adapter = new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0], {
    disposeExternalPool: true,
  });
  const client = new PrismaClient({
    adapter,
    // A burst of writes to one board column queues on the column lock while holding pool connections;
    // the rest wait for a connection. Prisma's 2 s default wait fails such a burst under load, so a
    // transaction may wait longer for its turn (and still ends with a clear 503, not a hang).
    transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS },
  });
  Object.defineProperty(client, "$pool", { value: pool });
  // A pooler in transaction mode (PgBouncer before 1.21) cannot keep a connection's prepared
  // statements: DATABASE_PREPARE=false, or `pgbouncer=true` on the URL as Prisma reads it.
  const prepare = (options.prepare ?? env.DATABASE_PREPARE) && !/[?&]pgbouncer=true(&|$)/i.test(connectionString);
  Object.defineProperty(client, "$prepare", { value: prepare });
  return client;
}

// Closes the client and its pool, so a command-line job exits as soon as it is done.
export async function closeDb(db: Db): Promise<void> {
  await db.$disconnect().catch(() => undefined);
  await db.$pool?.end().catch(() => undefined);
}

// Runs one read as plain SQL on the shared pool: the same statement Prisma would send, without the
// ORM's per-query work. Inside a transaction (no pool) it goes through Prisma. With `name`, a read
// whose text never changes (the credential checks, on every call) is prepared once per connection:
// PostgreSQL then skips parsing and planning it, about three quarters of its cost there.
export async function sqlRows<T>(
  db: Db | Prisma.TransactionClient,
  statement: Prisma.Sql,
  options: { name?: string } = {},
): Promise<T[]> {
  const pool = (db as Db).$pool;
  if (!pool) return (db as PrismaClient).$queryRaw<T[]>(statement);
  const name = (db as Db).$prepare ? options.name : undefined;
  const { rows } = await pool.query({ name, text: statement.text, values: statement.values, types });
  return rows as T[];
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
