import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { adminQuery as query } from "../../tests/db-admin";
import { startPglite } from "./server.mjs";

// The embedded server on its own: several pg connections sharing PGlite's one session.

describe("startPglite", () => {
  it("serves several pooled connections at once, keeping each query cycle and transaction whole", async () => {
    const server = await startPglite({});
    // A stalled session fails here rather than at the test's timeout.
    const pool = new pg.Pool({ connectionString: server.url, max: 8, query_timeout: 10_000 });
    try {
      expect(server.port).toBeGreaterThan(0);
      expect(server.url).toContain(`:${server.port}/`);
      await pool.query("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)");
      await pool.query("INSERT INTO counter VALUES (1, 0)");
      // Parameterised queries of different shapes (pglite-socket alone interleaves their Parse/Bind
      // messages across connections) and read-modify-write transactions (lost updates if two ran
      // interleaved).
      await Promise.all(
        Array.from({ length: 120 }, async (_, i) => {
          if (i % 3 === 0) {
            const client = await pool.connect();
            try {
              await client.query("BEGIN");
              const { rows } = await client.query<{ n: number }>("SELECT n FROM counter WHERE id = $1", [1]);
              await client.query("UPDATE counter SET n = $1 WHERE id = 1", [rows[0]!.n + 1]);
              await client.query("COMMIT");
            } finally {
              client.release();
            }
          } else {
            const { rows } = await pool.query<{ v: number; s?: string }>(
              i % 2 ? "SELECT $1::int AS v, $2::text AS s" : "SELECT $1::int AS v",
              i % 2 ? [i, `s${i}`] : [i],
            );
            expect(rows[0]?.v).toBe(i);
          }
        }),
      );
      const [row] = (await pool.query<{ n: number }>("SELECT n FROM counter")).rows;
      expect(row?.n).toBe(40);
    } finally {
      await pool.end();
      await server.close();
    }
  });

  it("rolls back the transaction of a connection that goes away, and lets the others on", async () => {
    const server = await startPglite({});
    const a = new pg.Client({ connectionString: server.url });
    const b = new pg.Client({ connectionString: server.url });
    a.on("error", () => undefined);
    try {
      await Promise.all([a.connect(), b.connect()]);
      await a.query("CREATE TABLE t (id int)");
      await a.query("BEGIN");
      await a.query("INSERT INTO t VALUES (1)");
      const waiting = b.query<{ n: number }>("SELECT count(*)::int AS n FROM t");
      (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      expect((await waiting).rows[0]?.n).toBe(0);
    } finally {
      await b.end();
      await server.close();
    }
  });

  it("keeps the data in dataDir across restarts", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "pglite-"));
    try {
      const first = await startPglite({ dataDir });
      await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
      await first.close();
      const second = await startPglite({ dataDir });
      try {
        expect(await query(second.url, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
