import pg from "pg";
import { TABLES } from "~/server/backup/dump-format";
import { adminQuery, migrateDeploy, withDatabase } from "./db-admin";

// Empty, migrated databases named after the test file's own, dropped by `dropAll` (and by the run's
// global teardown, which drops every database of the run).
export function restoreTargets(tag: string) {
  const names: string[] = [];
  return {
    async fresh(): Promise<string> {
      const name = `${new URL(process.env.DATABASE_URL!).pathname.slice(1)}_${tag}${names.length}`;
      await adminQuery(process.env.DATABASE_URL!, `CREATE DATABASE "${name}"`);
      names.push(name);
      const url = withDatabase(process.env.DATABASE_URL!, name);
      await migrateDeploy(url);
      return url;
    },
    async dropAll() {
      for (const name of names)
        await adminQuery(process.env.DATABASE_URL!, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// True when every application table of the database at `url` is empty.
export async function emptyTables(url: string): Promise<boolean> {
  return Object.values(await tableDigests(url)).every((d) => d.startsWith("0:"));
}

// Row count and a digest of every row, per table: equal digests mean identical contents.
export async function tableDigests(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const out: Record<string, string> = {};
    for (const table of TABLES) {
      const { rows } = await client.query<{ d: string | null; n: string }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS d, count(*) AS n FROM "${table}" t`,
      );
      out[table] = `${rows[0]!.n}:${rows[0]!.d ?? ""}`;
    }
    return out;
  });
}

// Two damaged copies of a dump: one byte flipped in the middle, and the first 70 % of it.
export function damagedCopies(bytes: Buffer): (readonly ["corrupted" | "truncated", Buffer])[] {
  const corrupted = Buffer.from(bytes);
  corrupted[Math.floor(corrupted.length / 2)]! ^= 0xff;
  return [
    ["corrupted", corrupted],
    ["truncated", bytes.subarray(0, Math.floor(bytes.length * 0.7))],
  ];
}
