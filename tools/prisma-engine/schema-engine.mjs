#!/usr/bin/env node
// A drop-in for Prisma's native `schema-engine` binary, for machines that cannot download it. It takes
// the same command line and speaks the same JSON-RPC over stdio, served by @prisma/schema-engine-wasm
// (built from the same engine commit) through @prisma/adapter-pg. PostgreSQL only.
// scripts/prisma.mjs points the CLI here (PRISMA_SCHEMA_ENGINE_BINARY) only when the native engine is
// absent. What the CLI expects, as read in prisma/build/cli.js (7.10.0):
//   schema-engine --version                      -> "schema-engine-cli <commit>" on stdout
//   schema-engine --datasource <json> cli <cmd>  -> can-connect-to-database | create-database | drop-database,
//                                                   answering in JSON log lines on stderr
//   schema-engine [--datamodels <file>]... [--datasource <json>] -> JSON-RPC server on stdin/stdout
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const WASM_DIR = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
const ENGINE_COMMIT = JSON.parse(readFileSync(path.join(WASM_DIR, "package.json"), "utf8"))
  .version.split(".")
  .pop();
// pg and driver-adapter-utils as adapter-pg itself resolves them, so that its `instanceof pg.Pool` holds
// (all CommonJS, as adapter-pg's `require` build loads them).
const adapterRequire = createRequire(require.resolve("@prisma/adapter-pg"));

// ---------------------------------------------------------------------------------------------------
// Logging. The native engine writes tracing JSON lines to stderr and the CLI parses them: after a
// failed `cli` command it JSON.parses every line but the first, and in server mode it keeps
// `fields.message` and the last ERROR. So nothing but JSON lines may reach stderr, not even Node's
// own warnings (pg warns about sslmode, for one).

const LEVELS = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };
const rustLog = /^(trace|debug|info|warn|error)\b/i.exec(process.env.RUST_LOG ?? "")?.[1].toUpperCase();
const threshold = LEVELS[rustLog ?? "INFO"];

function log(level, fields, target = "schema_engine") {
  if (level !== "ERROR" && (LEVELS[level] ?? LEVELS.INFO) < threshold) return;
  try {
    process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target })}\n`);
  } catch {
    // stderr is closed: the CLI has gone.
  }
}

process.removeAllListeners("warning");
process.on("warning", (warning) => log("WARN", { message: `${warning.name}: ${warning.message}` }, "node"));
// The CLI may exit before this process does; its closed pipes must not crash the clean-up.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);

// ---------------------------------------------------------------------------------------------------
// The command line, as the native engine's structopt parser takes it.

function parseArgs(argv) {
  const options = { datamodels: [], datasource: null, cli: null, version: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    if (eq > 0) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
    const next = () => value ?? argv[++i];
    if (arg === "--version" || arg === "-V") options.version = true;
    else if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--datamodels" || arg === "-d") options.datamodels.push(next());
    else if (arg === "--datasource") options.datasource = JSON.parse(next());
    // The wasm engine's constructor takes neither; preview features are read from the schema.
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") next();
    else if (arg === "cli") {
      options.cli = argv.slice(i + 1).filter((a) => !a.startsWith("-"));
      break;
    }
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));

if (options.version) {
  process.stdout.write(`schema-engine-cli ${ENGINE_COMMIT}\n`);
  process.exit(0);
}
if (options.help) {
  process.stdout.write(
    `schema-engine-cli ${ENGINE_COMMIT} (wasm drop-in, PostgreSQL)\n\nUSAGE:\n    schema-engine [--datamodels <FILE>]... [--datasource <JSON>] [cli <create-database|can-connect-to-database|drop-database>]\n`,
  );
  process.exit(0);
}

const pg = adapterRequire("pg");
const ignore = () => undefined;

// ---------------------------------------------------------------------------------------------------
// Connections.

/** pg settings for a Prisma connection string: Prisma's own URL parameters are applied or removed. */
function pgConfig(url) {
  const parsed = new URL(url);
  const params = parsed.searchParams;
  // Prisma gives sslmode libpq's meaning; pg alone treats `require` as `verify-full`, and warns.
  if (params.has("sslmode") && !params.has("uselibpqcompat")) params.set("uselibpqcompat", "true");
  const seconds = Number(params.get("connect_timeout") ?? 5);
  const schema = params.get("schema") || undefined;
  for (const name of [
    "schema",
    "connect_timeout",
    "connection_limit",
    "pool_timeout",
    "pgbouncer",
    "statement_cache_size",
    "socket_timeout",
    "sslaccept",
  ]) {
    params.delete(name);
  }
  return {
    config: {
      connectionString: parsed.toString(),
      // One connection: the engine's session-level advisory lock must be taken and released on the
      // same connection, and PGlite behind pglite-socket is one session anyway.
      max: 1,
      connectionTimeoutMillis: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0,
      ...(schema ? { options: `-c search_path="${schema.replaceAll('"', '""')}"` } : {}),
    },
    schema,
  };
}

function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

// sslmode=prefer means TLS where the server offers it; pg has no fallback, so try TLS once per URL.
const preferred = new Map();
function settleSslMode(url) {
  const parsed = new URL(url);
  if (parsed.searchParams.get("sslmode") !== "prefer") return Promise.resolve(url);
  if (!preferred.has(url)) {
    const probe = new pg.Client(pgConfig(url).config);
    probe.on("error", ignore);
    preferred.set(
      url,
      probe.connect().then(
        () =>
          probe.end().then(
            () => url,
            () => url,
          ),
        (error) => {
          if (!/does not support SSL/i.test(String(error?.message))) return url;
          parsed.searchParams.set("sslmode", "disable");
          return parsed.toString();
        },
      ),
    );
  }
  return preferred.get(url);
}

async function withClient(url, run) {
  const client = new pg.Client(pgConfig(await settleSslMode(url)).config);
  client.on("error", ignore);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(ignore);
  }
}

// What makes two connections one database: the cluster (initdb's system identifier), the database
// and the server's start time. URLs cannot tell: pglite-socket serves its one database under every
// name, and two PGlite instances differ only in identifier and start time.
const IDENTITY_SQL =
  "SELECT (SELECT system_identifier::text FROM pg_control_system()) || '/' || current_database() || '/' || pg_postmaster_start_time()::text AS id";

/** Null where the server will not say (a provider may revoke pg_control_system()). */
function identity(queryable) {
  return queryable.query(IDENTITY_SQL).then(
    ({ rows }) => rows[0]?.id ?? null,
    () => null,
  );
}

function sameAddress(a, b) {
  const [x, y] = [new URL(a), new URL(b)];
  return x.hostname === y.hostname && (x.port || "5432") === (y.port || "5432") && databaseName(a) === databaseName(b);
}

// ---------------------------------------------------------------------------------------------------
// The adapter. Two differences between adapter-pg and what the engine needs, mended on adapter-pg's
// unexported classes (reached through the first adapter's prototype chain):
// - adapter-pg maps result columns by type OID and throws on PostgreSQL's one-byte "char" (OID 18),
//   which the engine's catalog reader selects (pg_constraint.contype, ...) and reads as a Rust char.
//   Those columns are reported as ColumnTypeEnum.Character. (As text, the reader panics on any CHECK
//   constraint, and on every table of PostgreSQL 18, PGlite's, which lists NOT NULL constraints.)
// - adapter-pg's executeScript splits the script on ";", which breaks dollar-quoted function bodies
//   and string literals; the native engine sends a migration whole, in one simple query, so do that.

const PG_CHAR = 18;
const PG_TEXT = 25;
const CHAR_COLUMNS = Symbol("char columns");

function ownerOf(object, method) {
  let proto = Object.getPrototypeOf(object);
  while (proto && !Object.hasOwn(proto, method)) proto = Object.getPrototypeOf(proto);
  return proto;
}

const mended = new WeakSet();
function mendAdapter(adapter, ColumnTypeEnum) {
  const queryable = ownerOf(adapter, "queryRaw");
  if (queryable && !mended.has(queryable)) {
    mended.add(queryable);
    const { performIO, queryRaw } = queryable;
    // performIO gets the query object queryRaw was given: it notes the "char" columns there and lets
    // them through as text, and queryRaw's result then gets their real type.
    queryable.performIO = async function (query) {
      const result = await performIO.call(this, query);
      result?.fields?.forEach((field, index) => {
        if (field.dataTypeID !== PG_CHAR) return;
        field.dataTypeID = PG_TEXT;
        query[CHAR_COLUMNS]?.push(index);
      });
      return result;
    };
    queryable.queryRaw = async function (query) {
      const noted = { ...query, [CHAR_COLUMNS]: [] };
      const result = await queryRaw.call(this, noted);
      for (const index of noted[CHAR_COLUMNS]) result.columnTypes[index] = ColumnTypeEnum.Character;
      return result;
    };
  }
  const scripted = ownerOf(adapter, "executeScript");
  if (scripted && !mended.has(scripted)) {
    mended.add(scripted);
    scripted.executeScript = async function (script) {
      try {
        await this.client.query(script);
      } catch (error) {
        this.onError(error);
      }
    };
  }
  return adapter;
}

// Throwaway shadow databases this process created, dropped at exit if the engine did not dispose of
// them (a request cut short).
const createdShadowDbs = new Map();

async function dropShadowDb(name) {
  const mainUrl = createdShadowDbs.get(name);
  if (!mainUrl) return;
  createdShadowDbs.delete(name);
  await withClient(mainUrl, (client) =>
    client
      .query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
      // WITH (FORCE) is PostgreSQL 13+.
      .catch(() => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`)),
  );
}

// A configured shadow database is emptied before the migrations are replayed into it, as the native
// engine resets it: the schemas the user owns, and public, are dropped, and public is created again.
async function emptyDatabase(client) {
  const { rows } = await client.query(`
    SELECT nspname FROM pg_namespace
    WHERE (nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) OR nspname = 'public')
      AND nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'`);
  for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(nspname)} CASCADE`);
  await client.query("CREATE SCHEMA IF NOT EXISTS public");
}

const NO_URL = "The datasource URL is empty: set `datasource.url` in prisma.config.ts.";

async function loadAdapterFactory(datasource) {
  const { PrismaPg } = require("@prisma/adapter-pg");
  const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = adapterRequire("@prisma/driver-adapter-utils");
  const url = datasource?.url || null;
  const shadowUrl = datasource?.shadowDatabaseUrl || null;

  const connectTo = async (connectionUrl) => {
    const { config, schema } = pgConfig(await settleSslMode(connectionUrl));
    const pool = new pg.Pool(config);
    // An idle connection closed by the server must not take the engine down.
    pool.on("error", ignore);
    const adapter = await new PrismaPg(pool, { schema, disposeExternalPool: true, onPoolError: ignore }).connect();
    return { adapter: mendAdapter(adapter, ColumnTypeEnum), pool };
  };

  const factory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async connect() {
      // The wasm engine connects as it starts, even for commands the native one runs without a database.
      if (!url) throw new Error(NO_URL);
      return (await connectTo(url)).adapter;
    },
    async connectToShadowDb() {
      if (!url) throw new Error(NO_URL);
      const mainIdentity = await withClient(url, identity);
      if (shadowUrl) {
        const { adapter, pool } = await connectTo(shadowUrl);
        try {
          const shadowIdentity = await identity(pool);
          if (mainIdentity && shadowIdentity ? shadowIdentity === mainIdentity : sameAddress(url, shadowUrl)) {
            throw new Error(
              "The shadow database you configured appears to be the same as the main database. Please specify another shadow database.",
            );
          }
          await emptyDatabase(pool);
        } catch (error) {
          await pool.end().catch(ignore);
          throw error;
        }
        return adapter;
      }
      // None configured: a throwaway database beside the main one, as the native engine does, but
      // with its pool closed before it is dropped (adapter-pg drops it first, which PostgreSQL
      // refuses while the pool's connections remain).
      const name = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
      try {
        await withClient(url, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
      } catch (error) {
        throw new Error(
          `Prisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases. Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow\n\nOriginal error: ${error.message}`,
        );
      }
      createdShadowDbs.set(name, url);
      const { adapter, pool } = await connectTo(withDatabase(url, name));
      if (mainIdentity && (await identity(pool)) === mainIdentity) {
        // The server ignored the database name, as pglite-socket does: the migrations would be
        // replayed into the main database.
        await pool.end().catch(ignore);
        await dropShadowDb(name).catch(ignore);
        throw new Error(
          "This server serves one database under every name (as PGlite behind pglite-socket does), so no shadow database can be created on it. Set `datasource.shadowDatabaseUrl` in prisma.config.ts to a second, empty database.",
        );
      }
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose().catch(ignore);
        await pool.end().catch(ignore);
        await dropShadowDb(name);
      };
      return adapter;
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

// ---------------------------------------------------------------------------------------------------
// `schema-engine --datasource <json> cli <command>`, which the CLI runs before it starts an engine
// (migrate dev/deploy/reset create a missing database this way). On failure the CLI skips the first
// stderr line and looks for an ERROR from target schema_engine::logger with `error_code` and `message`
// (P1003 means "create it").

function userFacing(error, url) {
  const parsed = new URL(url);
  const address = `${parsed.hostname}:${parsed.port || 5432}`;
  const database = databaseName(url);
  const user = decodeURIComponent(parsed.username) || "postgres";
  if (error?.code === "3D000") {
    return ["P1003", `Database \`${database}\` does not exist on the database server at \`${address}\`.`];
  }
  if (error?.code === "28P01" || error?.code === "28000") {
    return [
      "P1000",
      `Authentication failed against database server, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
    ];
  }
  if (["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ECONNRESET", "EAI_AGAIN"].includes(error?.code)) {
    return [
      "P1001",
      `Can't reach database server at \`${address}\`\n\nPlease make sure your database server is running at \`${address}\`.`,
    ];
  }
  if (/timeout/i.test(String(error?.message))) {
    return ["P1002", `The database server at \`${address}\` was reached but timed out.\n\nPlease try again.`];
  }
  if (error?.code === "42501") return ["P1010", `User \`${user}\` was denied access on the database \`${database}\``];
  return ["", String(error?.message ?? error)];
}

async function runCli(command, datasource) {
  log("INFO", { message: "Starting schema engine CLI", git_hash: ENGINE_COMMIT });
  const fail = (code, message) => {
    log("ERROR", { is_panic: false, error_code: code, message }, "schema_engine::logger");
    return 1;
  };
  const url = datasource?.url;
  if (!url) return fail("P1012", NO_URL);
  const name = databaseName(url);
  try {
    if (command === "can-connect-to-database") {
      await withClient(url, (client) => client.query("SELECT 1"));
      log("INFO", { message: "Connection successful" });
    } else if (command === "create-database") {
      // As the native engine: from the `postgres` database, or template1 where there is none.
      const create = (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      await withClient(withDatabase(url, "postgres"), create).catch((error) =>
        error?.code === "3D000" ? withClient(withDatabase(url, "template1"), create) : Promise.reject(error),
      );
      log("INFO", { message: `Database '${name}' was successfully created.` });
    } else if (command === "drop-database") {
      await withClient(withDatabase(url, "postgres"), (client) => client.query(`DROP DATABASE ${quoteIdent(name)}`));
      log("INFO", { message: "The database was successfully dropped." });
    } else {
      return fail("", `Unknown command: ${command ?? "(none)"}`);
    }
    return 0;
  } catch (error) {
    return fail(...userFacing(error, url));
  }
}

// ---------------------------------------------------------------------------------------------------
// The JSON-RPC server.

// The wasm engine reports Rust panics through this registry; Prisma's CLI defines the same one.
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  message: "",
  get() {
    return this.message;
  },
  set_message(message) {
    this.message = `RuntimeError: ${message}`;
  },
};

// A panic is a WebAssembly trap; the next call into the poisoned instance fails with wasm-bindgen's
// aliasing error.
const isPanic = (error) =>
  error instanceof WebAssembly.RuntimeError || /recursive use of an object detected/.test(String(error?.message));

// Each engine instance gets its own copy of the JS glue (a module of its own, by URL): the glue keeps
// the instance in a module variable, and a discarded instance's pending callbacks must not reach into
// its successor's memory. Its stack frames name the copy, which tells whose error is whose.
const BINDINGS = pathToFileURL(path.join(WASM_DIR, "schema_engine_bg.js")).href;
let instances = 0;

async function newEngine(datamodels, adapterFactory) {
  const id = ++instances;
  const bindings = await import(`${BINDINGS}?instance=${id}`);
  // schema_engine.js imports the .wasm as an ES module, which Node 20 does not do without a flag;
  // instantiate it here instead.
  const bytes = readFileSync(path.join(WASM_DIR, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  // The engine logs tracing JSON without a timestamp; pass it on as the native engine would.
  const forward = (line) => {
    try {
      const event = JSON.parse(line);
      log(event.level ?? "INFO", event.fields ?? {}, event.target);
    } catch {
      log("INFO", { message: String(line).trim() });
    }
  };
  const files = datamodels.map((file) => [file, readFileSync(file, "utf8")]);
  // `datamodels` must be undefined or non-empty.
  const engine = await bindings.SchemaEngine.new(
    { datamodels: files.length ? files : undefined },
    forward,
    adapterFactory,
  );
  return { engine, id };
}

/** The engine instance whose glue an error's stack runs through, if any. */
function instanceOf(error) {
  const match = /schema_engine_bg\.js\?instance=(\d+)/.exec(String(error?.stack));
  return match ? Number(match[1]) : null;
}

function rpcError(error, adapterFactory) {
  if (isPanic(error)) {
    const message = globalThis.PRISMA_WASM_PANIC_REGISTRY.get() || String(error?.message ?? error);
    return {
      code: 4466,
      message: "An error happened. Check the data field for details.",
      data: { is_panic: true, message, error: { message } },
    };
  }
  // An error thrown by JavaScript under the engine (the adapter, the shadow database set-up) reaches
  // it as "External error id#N"; put the original message back.
  const message = String(error?.message ?? error).replace(/External error id#(\d+)/g, (match, id) => {
    const original = adapterFactory.errorRegistry?.consumeError(Number(id))?.error;
    return original?.message ?? match;
  });
  const data = { is_panic: false, message };
  if (error?.code) data.error_code = error.code;
  if (error?.meta) data.meta = error.meta;
  return { code: 4466, message: "An error happened. Check the data field for details.", data };
}

async function serve() {
  log("INFO", { message: "Starting schema engine RPC server", git_hash: ENGINE_COMMIT });
  const adapterFactory = await loadAdapterFactory(options.datasource);
  const write = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  let current = null; // { engine, id }
  let printId = 0;

  // A Rust panic leaves the wasm instance unusable, and its failures may surface outside the request's
  // promise, as uncaught exceptions (so do the engine's complaints about malformed params). The native
  // engine exits on a panic (the CLI reports it); here the request fails and the next one gets a fresh
  // instance.
  let rejectRunning = null;
  process.on("uncaughtException", (error) => {
    const from = instanceOf(error);
    if (from !== null && from !== instances) {
      return log("WARN", { message: `A discarded engine instance failed: ${error?.message ?? error}` });
    }
    if (rejectRunning) {
      current = null;
      return rejectRunning(error);
    }
    log("ERROR", { is_panic: true, message: String(error?.stack ?? error) });
    void shutdown(101);
  });

  const METHOD_NOT_FOUND = Symbol("method not found");
  const handle = async (request) => {
    // The CLI's name for the wasm engine's `version`.
    const method = request.method === "getDatabaseVersion" ? "version" : request.method;
    try {
      globalThis.PRISMA_WASM_PANIC_REGISTRY.message = "";
      const result = await new Promise((resolve, reject) => {
        rejectRunning = reject;
        (async () => {
          current ??= await newEngine(options.datamodels, adapterFactory);
          const { engine } = current;
          // createDatabase, getDatabaseDescription: the wasm engine has none (the CLI does not use them).
          if (typeof engine[method] !== "function" || ["free", "constructor"].includes(method)) return METHOD_NOT_FOUND;
          return engine[method](request.params);
        })().then(resolve, reject);
      }).finally(() => {
        rejectRunning = null;
      });
      if (result === METHOD_NOT_FOUND) {
        return write({ id: request.id, error: { code: -32601, message: `Method not found: ${request.method}` } });
      }
      if (method === "diff") {
        // The native engine prints a diff through a "print" request to the CLI and returns no stdout;
        // the CLI adds a newline to `content`, so the engine's own final one goes.
        if (result?.stdout) {
          write({ id: `print-${++printId}`, method: "print", params: { content: result.stdout.replace(/\n$/, "") } });
        }
        return write({ id: request.id, result: { ...result, stdout: null } });
      }
      return write({ id: request.id, result: result ?? {} });
    } catch (error) {
      if (isPanic(error)) current = null;
      return write({ id: request.id, error: rpcError(error, adapterFactory) });
    }
  };

  let queue = Promise.resolve();
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  input.on("line", (line) => {
    if (!line.trim()) return;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      log("ERROR", { message: `Could not parse a JSON-RPC request: ${line.slice(0, 200)}` });
      return;
    }
    // The CLI's answers to "print" requests carry no method.
    if (request?.method) queue = queue.then(() => handle(request));
  });
  input.on("close", () => void queue.then(() => shutdown(0)));
}

let shuttingDown = null;
function shutdown(code) {
  // Drop the shadow databases left behind, then exit; bounded, as the native engine's shutdown is.
  shuttingDown ??= Promise.race([
    Promise.allSettled([...createdShadowDbs.keys()].map((name) => dropShadowDb(name))),
    new Promise((resolve) => setTimeout(resolve, 4000).unref()),
  ]).then(() => process.exit(code));
  return shuttingDown;
}
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void shutdown(0));

if (options.cli) {
  process.exitCode = await runCli(options.cli[0], options.datasource);
} else {
  await serve();
}
