#!/usr/bin/env node
// A drop-in for Prisma's native `schema-engine` binary, for machines that cannot download it: the same
// command line and JSON-RPC over stdio, served by @prisma/schema-engine-wasm through @prisma/adapter-pg.
// scripts/prisma.mjs points the CLI here (PRISMA_SCHEMA_ENGINE_BINARY) only when the native engine is absent.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const ENGINE_DIR = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
const ENGINE_VERSION = JSON.parse(readFileSync(path.join(ENGINE_DIR, "package.json"), "utf8")).version;
const ENGINE_COMMIT = ENGINE_VERSION.split(".").pop();

function parseArgs(argv) {
  const options = { datamodels: [], datasource: null, cli: null, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--version" || arg === "-V") options.version = true;
    else if (arg === "--datamodels") options.datamodels.push(argv[++i]);
    else if (arg === "--datasource") options.datasource = JSON.parse(argv[++i]);
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") i++;
    else if (arg === "cli") options.cli = argv.slice(i + 1);
  }
  if (options.cli) options.cli = options.cli.filter((a) => !a.startsWith("-"));
  return options;
}

const options = parseArgs(process.argv.slice(2));

// The wasm engine records Rust panics in this registry, which Prisma's CLI normally provides; without
// it a recoverable panic (seen in the catalog describer) becomes a crash of the whole process.
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  message: "",
  get() {
    return this.message;
  },
  set_message(message) {
    this.message = `RuntimeError: ${message}`;
  },
};

if (options.version) {
  process.stdout.write(`schema-engine-cli ${ENGINE_COMMIT}\n`);
  process.exit(0);
}

const pg = require("pg");

function ownerOf(object, method) {
  let proto = Object.getPrototypeOf(object);
  while (proto && !Object.hasOwn(proto, method)) proto = Object.getPrototypeOf(proto);
  return proto;
}

// Two differences between adapter-pg and the native engine, mended on the adapter's classes:
// - adapter-pg maps column types by OID and refuses PostgreSQL's one-byte "char" (OID 18), which the
//   engine's introspection reads from the catalogs; it is text, so it is reported as text (OID 25);
// - adapter-pg runs a migration script by splitting it on ";", which breaks dollar-quoted function
//   bodies; the native engine sends the script whole, in one simple query, and so does this.
function fixAdapter(adapter) {
  const queryable = ownerOf(adapter, "performIO");
  if (queryable && !queryable.performIO.fixed) {
    const performIO = queryable.performIO;
    const patched = async function (query) {
      const result = await performIO.call(this, query);
      for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
      return result;
    };
    patched.fixed = true;
    queryable.performIO = patched;
  }
  const scripted = ownerOf(adapter, "executeScript");
  if (scripted && !scripted.executeScript.fixed) {
    const patched = async function (script) {
      try {
        await this.client.query(script);
      } catch (error) {
        this.onError(error);
      }
    };
    patched.fixed = true;
    scripted.executeScript = patched;
  }
  return adapter;
}

async function loadAdapterPg() {
  const adapterPg = await import("@prisma/adapter-pg");
  const utils = await import("@prisma/driver-adapter-utils");
  return { PrismaPg: adapterPg.PrismaPg, bind: utils.bindMigrationAwareSqlAdapterFactory };
}

function databaseUrl(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function adminUrl(url) {
  return databaseUrl(url, "postgres");
}

function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
}

function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

async function withClient(url, run) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

// The engine's adapter factory. Shadow databases: the configured URL when there is one; otherwise a
// throwaway database whose pool is closed before it is dropped (adapter-pg drops it first, which
// PostgreSQL refuses while the pool still holds connections).
// A pool whose idle-connection errors (a server closing the socket) are not fatal to the engine.
function quietPool(connectionString) {
  const pool = new pg.Pool({ connectionString, max: 1 });
  pool.on("error", () => undefined);
  return pool;
}

async function adapterFactory(datasource) {
  const { PrismaPg, bind } = await loadAdapterPg();
  const url = datasource?.url;
  const factory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () => fixAdapter(await new PrismaPg(quietPool(url), { disposeExternalPool: true }).connect()),
    connectToShadowDb: async () => {
      if (datasource?.shadowDatabaseUrl) {
        // A configured shadow database is emptied first, as the native engine does.
        await withClient(datasource.shadowDatabaseUrl, (client) =>
          client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"),
        );
        const pool = quietPool(datasource.shadowDatabaseUrl);
        return fixAdapter(await new PrismaPg(pool, { disposeExternalPool: true }).connect());
      }
      const name = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
      await withClient(url, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
      const pool = quietPool(databaseUrl(url, name));
      const adapter = fixAdapter(await new PrismaPg(pool).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose().catch(() => undefined);
        await pool.end().catch(() => undefined);
        await withClient(url, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
      };
      return adapter;
    },
  };
  return bind(factory);
}

async function loadEngine(datamodels, datasource) {
  const bg = await import(pathToFileURL(path.join(ENGINE_DIR, "schema_engine_bg.js")).href);
  const bytes = readFileSync(path.join(ENGINE_DIR, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  const files = datamodels.map((file) => [file, readFileSync(file, "utf8")]);
  const log = (line) => process.stderr.write(`${typeof line === "string" ? line : JSON.stringify(line)}\n`);
  return bg.SchemaEngine.new({ datamodels: files.length ? files : undefined }, log, await adapterFactory(datasource));
}

function logError(code, message) {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level: "ERROR", target: "schema_engine::logger", fields: { error_code: code, message } })}\n`,
  );
}

// `schema-engine cli <command>`: database-level commands the CLI runs before it starts an engine.
async function runCli(command, datasource) {
  const url = datasource?.url;
  if (!url) {
    logError("P1012", "No datasource URL given.");
    return 1;
  }
  const name = databaseName(url);
  try {
    if (command === "can-connect-to-database") {
      await withClient(url, (client) => client.query("SELECT 1"));
    } else if (command === "create-database") {
      await withClient(adminUrl(url), async (client) => {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      });
      process.stdout.write(`Database '${name}' was successfully created.\n`);
    } else if (command === "drop-database") {
      await withClient(adminUrl(url), (client) =>
        client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
      );
      process.stdout.write(`The database '${name}' was successfully dropped.\n`);
    } else {
      logError("P1000", `Unknown schema-engine cli command: ${command}`);
      return 1;
    }
    return 0;
  } catch (error) {
    const missing = error?.code === "3D000";
    const unreachable = ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT"].includes(error?.code);
    logError(
      missing ? "P1003" : unreachable ? "P1001" : "P1000",
      missing
        ? `Database \`${name}\` does not exist`
        : unreachable
          ? `Can't reach database server at \`${new URL(url).host}\``
          : String(error?.message ?? error),
    );
    return 1;
  }
}

function rpcError(error) {
  const raw = error instanceof Error ? error.message : String(error);
  let data = { is_panic: false, message: raw };
  try {
    const parsed = JSON.parse(raw);
    if (parsed && typeof parsed === "object") data = { is_panic: false, ...parsed, message: parsed.message ?? raw };
  } catch {
    // a plain message
  }
  if (error instanceof WebAssembly.RuntimeError) data = { is_panic: true, message: raw, error: { message: raw } };
  return { code: 4466, message: "An error happened. Check the data field for details.", data };
}

// A Rust panic poisons the wasm instance, and may surface as an exception outside any request's
// promise. The failed request is retried once on a fresh instance (the commands the CLI sends are
// safe to repeat: each either completes in one transaction or reads).
let failRunning = null;
process.on("uncaughtException", (error) => {
  if (failRunning) failRunning(error);
  else throw error;
});

async function serve() {
  let enginePromise = null;
  const engine = () => (enginePromise ??= loadEngine(options.datamodels, options.datasource));
  const call = async (request) => {
    const instance = await engine();
    const method = instance[request.method];
    if (typeof method !== "function") return { missing: true };
    return {
      result: await new Promise((resolve, reject) => {
        failRunning = reject;
        method.call(instance, request.params ?? {}).then(resolve, reject);
      }).finally(() => {
        failRunning = null;
      }),
    };
  };
  const input = readline.createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  input.on("line", (line) => {
    if (!line.trim()) return;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      return;
    }
    // Answers to requests the engine made of the CLI carry no method; there are none to match here.
    if (!request.method) return;
    queue = queue.then(async () => {
      const respond = (body) =>
        process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id: request.id, ...body })}\n`);
      try {
        let outcome;
        try {
          outcome = await call(request);
        } catch (error) {
          const panicked =
            error instanceof WebAssembly.RuntimeError || /panicked|unreachable/i.test(String(error?.message));
          if (!panicked) throw error;
          enginePromise = null;
          globalThis.PRISMA_WASM_PANIC_REGISTRY.message = "";
          outcome = await call(request);
        }
        if (outcome.missing) {
          respond({ error: { code: -32601, message: `Method not found: ${request.method}` } });
          return;
        }
        const result = outcome.result;
        // The native engine hands `migrate diff` output to the CLI as a "print" request; do the same.
        if (request.method === "diff" && result?.stdout) {
          process.stdout.write(
            `${JSON.stringify({ jsonrpc: "2.0", id: `print-${request.id}`, method: "print", params: { content: result.stdout } })}\n`,
          );
        }
        if (process.env.SCHEMA_ENGINE_DEBUG) {
          (await import("node:fs")).appendFileSync(
            process.env.SCHEMA_ENGINE_DEBUG,
            `${request.method} -> ${JSON.stringify(result).slice(0, 500)}\n`,
          );
        }
        respond({ result: result ?? {} });
      } catch (error) {
        respond({ error: rpcError(error) });
      }
    });
  });
  input.on("close", () => {
    void queue.then(() => process.exit(0));
  });
}

if (options.cli) {
  process.exit(await runCli(options.cli[0], options.datasource));
} else {
  await serve();
}
