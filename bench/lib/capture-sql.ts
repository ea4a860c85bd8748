import { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";

// The statement a data function would send, captured instead of run, so a benchmark can send the
// very same SQL with raw `pg` as its baseline.
export async function sqlOf(run: (db: Db) => Promise<unknown>): Promise<{ text: string; values: unknown[] }> {
  let captured: Prisma.Sql | null = null;
  const fake = {
    $queryRaw: (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
      captured = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...(values as Prisma.Sql[]));
      return Promise.resolve([]);
    },
  } as unknown as Db;
  await run(fake);
  if (!captured) throw new Error("no statement was sent");
  const sql: Prisma.Sql = captured;
  return { text: sql.text, values: sql.values };
}
