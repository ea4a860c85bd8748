// @ts-check
// An embedded PostgreSQL for development and tests without a server: PGlite (PostgreSQL 18 compiled to
// wasm, running in this process) served over the PostgreSQL wire protocol by pglite-socket, so that pg,
// Prisma Client and the Prisma CLI (through tools/prisma-engine/schema-engine.mjs) connect by URL.
//
// PGlite is ONE PostgreSQL session. pglite-socket lets several connections share it, but it queues
// single protocol messages, so two connections' extended-protocol queries interleave (one's Bind
// meets the other's Parse: "bind message supplies 1 parameters, but prepared statement "" requires 2")
// and can stall. Here a connection keeps the session from its first message until PostgreSQL is idle
// again (ReadyForQuery "I"): a query cycle, or a whole transaction, runs undisturbed while the other
// connections wait their turn. What remains of the single session:
// - queries never run in parallel, and an open transaction holds every other connection back, so code
//   that waits for a second connection inside a transaction stalls (a pool of one, `max: 1`, avoids
//   surprises and is what the app uses here: DATABASE_POOL_MAX=1);
// - session state (SET, advisory locks, temporary tables, named prepared statements) is shared;
// - the database name in the URL is ignored, so `prisma migrate dev` needs a second PGlite as its
//   shadow database (datasource.shadowDatabaseUrl).
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * @typedef {object} StartPgliteOptions
 * @property {string} [dataDir] Directory to keep the database in; in memory (gone on close) when omitted.
 * @property {number} [port] TCP port on 127.0.0.1; 0 or omitted picks a free one.
 */

/**
 * @typedef {object} PgliteServer
 * @property {string} url `postgresql://postgres:postgres@127.0.0.1:<port>/postgres?sslmode=disable`
 * @property {number} port The port actually listened on.
 * @property {() => Promise<void>} close Disconnects the clients, stops listening and closes PGlite
 *   (writing it to dataDir). Safe to call twice.
 */

// Simultaneous connections accepted; pglite-socket's default of one refuses a second client (the app
// and the CLI, a test's own pg.Client) with a bare "Too many connections".
const MAX_CONNECTIONS = 32;

/**
 * Starts PGlite and serves it on 127.0.0.1.
 * @param {StartPgliteOptions} [options]
 * @returns {Promise<PgliteServer>}
 */
export async function startPglite(options = {}) {
  const { dataDir, port = 0 } = options;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: MAX_CONNECTIONS });
  serializeConnections(/** @type {{ queryQueue: QueryQueue }} */ (/** @type {unknown} */ (server)).queryQueue, db);
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  // "host:port", with the port the system assigned.
  const actualPort = Number(server.getServerConn().split(":").pop());
  /** @type {Promise<void> | null} */
  let closing = null;
  return {
    // pglite-socket declines TLS; sslmode=disable saves the request.
    url: `postgresql://postgres:postgres@127.0.0.1:${actualPort}/postgres?sslmode=disable`,
    port: actualPort,
    close() {
      closing ??= (async () => {
        await server.stop();
        await db.close();
      })();
      return closing;
    },
  };
}

/**
 * pglite-socket's (unexported) queue: each connection's messages go through enqueue(); a connection
 * that goes away calls clearTransactionIfNeeded().
 * @typedef {object} QueryQueue
 * @property {(id: number, message: Uint8Array, onData: (data: Uint8Array) => void) => Promise<number>} enqueue
 * @property {(id: number) => Promise<void>} clearTransactionIfNeeded
 */

const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I': no transaction, no query cycle under way
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]); // 'S', length 4

/**
 * The transaction status of the last ReadyForQuery among the backend messages in `chunks`, or null.
 * @param {Uint8Array[]} chunks
 */
function lastReadyStatus(chunks) {
  const data = Buffer.concat(chunks);
  let status = null;
  for (let offset = 0; offset + 5 <= data.length;) {
    const length = data.readInt32BE(offset + 1);
    if (length < 4) break;
    if (data[offset] === READY_FOR_QUERY) status = data[offset + 5] ?? null;
    offset += 1 + length;
  }
  return status;
}

/**
 * Gives the session to one connection at a time, from its first message until PostgreSQL is idle.
 * @param {QueryQueue} queue
 * @param {PGlite} db
 */
function serializeConnections(queue, db) {
  if (typeof queue?.enqueue !== "function" || typeof queue.clearTransactionIfNeeded !== "function") {
    throw new Error("pglite-socket changed: its query queue is not where startPglite() expects it.");
  }
  const enqueue = queue.enqueue.bind(queue);
  const clearTransactionIfNeeded = queue.clearTransactionIfNeeded.bind(queue);
  /** @type {number | null} */
  let owner = null;
  /** @type {{ id: number; resolve: () => void; reject: (error: Error) => void }[]} */
  let waiting = [];

  const handOver = () => {
    owner = waiting[0]?.id ?? null;
    // The next connection's messages, in the order they came.
    const next = waiting.filter((w) => w.id === owner);
    waiting = waiting.filter((w) => w.id !== owner);
    for (const w of next) w.resolve();
  };

  queue.enqueue = async (id, message, onData) => {
    if (owner === null) owner = id;
    else if (owner !== id) {
      await /** @type {Promise<void>} */ (new Promise((resolve, reject) => waiting.push({ id, resolve, reject })));
    }
    /** @type {Uint8Array[]} */
    const output = [];
    const bytes = await enqueue(id, message, (data) => {
      output.push(data);
      onData(data);
    });
    if (owner === id && lastReadyStatus(output) === IDLE) handOver();
    return bytes;
  };

  queue.clearTransactionIfNeeded = async (id) => {
    for (const w of waiting.filter((w) => w.id === id)) w.reject(new Error("Handler disconnected"));
    waiting = waiting.filter((w) => w.id !== id);
    await clearTransactionIfNeeded(id);
    if (owner !== id) return;
    // The connection left mid-cycle or mid-transaction: end both before the next one starts.
    await db.runExclusive(() => db.execProtocolRawStream(SYNC, { onRawData: () => undefined })).catch(() => undefined);
    if (db.isInTransaction()) await db.exec("ROLLBACK").catch(() => undefined);
    handOver();
  };
}
