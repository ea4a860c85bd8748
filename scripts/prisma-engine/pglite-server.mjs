// @ts-check
// An embedded PostgreSQL for development and tests without a server: PGlite, served over the
// PostgreSQL wire protocol by pglite-socket so that `pg`, Prisma and its CLI connect to it unchanged.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * @param {{ dataDir?: string; port?: number }} [options]
 * @returns {Promise<{ url: string; port: number; close(): Promise<void> }>}
 */
export async function startPglite(options = {}) {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  // PGlite is one session: several connections share it, so each client process should keep a pool
  // of one connection (DATABASE_POOL_MAX=1); more connections are accepted so the CLI and the app can
  // both connect.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: options.port ?? 0, maxConnections: 16 });
  await server.start();
  const address = /** @type {{ server: import("node:net").Server }} */ (
    /** @type {unknown} */ (server)
  ).server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}
