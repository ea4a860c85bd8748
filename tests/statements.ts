import pg from "pg";

const INSERT_INTO_NOTIFICATIONS = /\bINSERT INTO ("public"\.)?"?notifications"?\s/i;
const BEGIN = /^\s*BEGIN/i;

/**
 * Every statement the app sends to PostgreSQL while `run` runs, as the server receives it (through
 * pg's client, under Prisma's adapter), with counts of the ones a fan-out test asks about.
 */
export async function captureStatements(run: () => Promise<unknown>) {
  const statements: string[] = [];
  const client = pg.Client.prototype as unknown as { query: (this: pg.Client, ...args: unknown[]) => unknown };
  const original = client.query;
  client.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    statements.push(typeof first === "string" ? first : (first?.text ?? ""));
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    client.query = original;
  }
  return {
    statements,
    notificationInserts: statements.filter((s) => INSERT_INTO_NOTIFICATIONS.test(s)).length,
    transactions: statements.filter((s) => BEGIN.test(s)).length,
  };
}
