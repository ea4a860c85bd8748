// A local server that speaks Upstash's Redis REST protocol in front of a real Redis, so the app's
// @upstash/redis and @upstash/ratelimit clients run against real Redis in development and CI
// (the role serverless-redis-http plays in Upstash's own docs).
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { readBody } from "~/server/http/read-body";

export type UpstashBridgeOptions = {
  redisUrl: string;
  token: string;
  port?: number;
  host?: string;
  /** How often an open subscribe stream gets a `: keepalive` comment line (default 15 s). */
  heartbeatMs?: number;
};
export type UpstashBridge = {
  url: string;
  port: number;
  /** Destroys the socket of every open subscribe stream, as a network failure would (tests). */
  cutStreams(): void;
  close(): Promise<void>;
};

type Arg = string | number | boolean;
type Reply = Buffer | string | number | null | Error | Reply[];
type Encoded = string | number | null | Encoded[];
type Outcome = { result: Reply } | { error: string };
// `reply` replaces what Redis answers (SCRIPT LOAD must answer the hash of the text the client sent).
type Prepared = { args: string[]; reply?: string } | { refused: string };

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const MAX_SCRIPTS = 10_000;
const HEARTBEAT_MS = 15_000;

// Commands that would change or take over the shared connection; a stateless REST call has no use for them.
const REFUSED = new Set([
  ..."AUTH HELLO QUIT RESET SELECT READONLY READWRITE".split(" "),
  ..."MULTI EXEC DISCARD WATCH UNWATCH".split(" "),
  ..."SUBSCRIBE PSUBSCRIBE SSUBSCRIBE UNSUBSCRIBE PUNSUBSCRIBE SUNSUBSCRIBE MONITOR SYNC PSYNC REPLCONF".split(" "),
]);
const REFUSED_CLIENT = new Set(["REPLY", "TRACKING", "CACHING"]);
// These would hold the shared connection (and every other request behind them), so they get their own.
const BLOCKING = new Set("BLMOVE BLMPOP BLPOP BRPOP BRPOPLPUSH BZMPOP BZPOPMAX BZPOPMIN WAIT WAITAOF".split(" "));
// Upstash-only script flags, which Redis 7 refuses with "Unexpected flag in script shebang".
const UPSTASH_FLAGS = new Set(["allow-key-locking"]);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// For messages: a Redis URL without its password.
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
const sha256 = (text: string) => createHash("sha256").update(text).digest();

// @upstash/ratelimit ≥ 2.1 starts its scripts with `#!lua flags=allow-key-locking`. With no flag left
// the shebang goes as well, leaving an empty first line (error line numbers stay right) and the script
// in Redis's compatibility mode, so EVAL_RO of a read-only script works as it did with the flag.
export function stripUpstashFlags(script: string): string {
  const match = /^#!lua flags=([^\r\n]*)/.exec(script);
  if (!match) return script;
  const kept = match[1]!
    .split(",")
    .map((flag) => flag.trim())
    .filter((flag) => flag && !UPSTASH_FLAGS.has(flag));
  return (kept.length > 0 ? `#!lua flags=${kept.join(",")}` : "") + script.slice(match[0].length);
}

// With `Upstash-Encoding: base64` (the client's default) it decodes every string at every depth, so
// all of them are encoded, status replies included, from the raw bytes Redis sent.
function encode(reply: Reply, base64: boolean): Encoded {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((item) => encode(item, base64));
  const bytes = Buffer.isBuffer(reply) ? reply : Buffer.from(reply instanceof Error ? reply.message : String(reply));
  return base64 ? bytes.toString("base64") : bytes.toString("utf8");
}

const encodeOutcome = (outcome: Outcome, base64: boolean) =>
  "result" in outcome ? { result: encode(outcome.result, base64) } : outcome;

function isCommand(value: unknown): value is Arg[] {
  return (
    Array.isArray(value) &&
    typeof value[0] === "string" &&
    value.every((arg) => typeof arg === "string" || typeof arg === "number" || typeof arg === "boolean")
  );
}

// Errors Redis answered are the caller's (400, like Upstash); anything else means Redis is out of reach.
const isReplyError = (error: unknown): error is Error => error instanceof Error && error.name === "ReplyError";

async function readLimitedBody(req: http.IncomingMessage): Promise<Buffer> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES)
    throw new HttpError(413, "ERR request body too large");
  const body = await readBody(req, MAX_BODY_BYTES);
  if (!body) throw new HttpError(413, "ERR request body too large");
  return body;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new HttpError(400, `ERR malformed JSON body: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function startUpstashBridge(opts: UpstashBridgeOptions): Promise<UpstashBridge> {
  const redis = new Redis(opts.redisUrl, {
    lazyConnect: true,
    // RESP2, as Upstash answers: with ioredis's default RESP3, ZRANGE WITHSCORES and HRANDFIELD come
    // back as nested pairs and Lua booleans as booleans.
    protocol: 2,
    // When Redis is away, fail at once (the app's client waits 500 ms) and never replay a write.
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
  });
  // Failures reach the caller with each request; the event would otherwise be logged as unhandled.
  // The first one says why connecting failed, which connect() itself only reports as "Connection is closed."
  let connectError: unknown;
  redis.on("error", (error) => (connectError ??= error));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Upstash REST bridge: cannot connect to Redis at ${redactUrl(opts.redisUrl)}`, {
      cause: connectError ?? error,
    });
  }

  const expectedToken = sha256(opts.token);
  // The client's hash of a script (taken over the text with Upstash's flags) → the hash Redis knows.
  const scripts = new Map<string, string>();
  // Connections of blocking commands and subscriptions, and the event streams, cut on close.
  const extra = new Set<Redis>();
  const streams = new Set<http.ServerResponse>();

  function remember(script: string): string {
    const stripped = stripUpstashFlags(script);
    scripts.delete(sha1(script));
    scripts.set(sha1(script), sha1(stripped));
    if (scripts.size > MAX_SCRIPTS) scripts.delete(scripts.keys().next().value!);
    return stripped;
  }

  function prepare(command: Arg[]): Prepared {
    const [first, ...rest] = command.map(String);
    const name = first!.toUpperCase();
    const sub = rest[0]?.toUpperCase();
    if (REFUSED.has(name) || (name === "CLIENT" && sub !== undefined && REFUSED_CLIENT.has(sub))) {
      return { refused: `ERR ${name}${name === "CLIENT" ? ` ${sub}` : ""} is not supported by the REST bridge` };
    }
    const [script, ...scriptArgs] = rest;
    if ((name === "EVAL" || name === "EVAL_RO") && script !== undefined) {
      return { args: [name, remember(script), ...scriptArgs] };
    }
    // An unknown hash goes to Redis as sent, which answers NOSCRIPT: the client then falls back to EVAL.
    if ((name === "EVALSHA" || name === "EVALSHA_RO") && script !== undefined) {
      return { args: [name, scripts.get(script.toLowerCase()) ?? script, ...scriptArgs] };
    }
    if (name === "SCRIPT" && sub === "LOAD" && rest[1] !== undefined) {
      return { args: [name, "LOAD", remember(rest[1])], reply: sha1(rest[1]) };
    }
    if (name === "SCRIPT" && sub === "EXISTS") {
      return { args: [name, "EXISTS", ...rest.slice(1).map((sha) => scripts.get(sha.toLowerCase()) ?? sha)] };
    }
    // The name stays upper-case: ioredis applies its reply transformers (HGETALL → object) by lower-case name.
    return { args: [name, ...rest] };
  }

  const isBlocking = (args: string[]) =>
    BLOCKING.has(args[0]!) ||
    ((args[0] === "XREAD" || args[0] === "XREADGROUP") && args.some((arg) => arg.toUpperCase() === "BLOCK"));

  async function dedicated<T>(res: http.ServerResponse, work: (connection: Redis) => Promise<T>): Promise<T> {
    const connection = redis.duplicate();
    connection.on("error", () => undefined);
    extra.add(connection);
    // A caller that gives up releases its connection (and the command blocked on it).
    res.once("close", () => connection.disconnect());
    try {
      await connection.connect();
      return await work(connection);
    } finally {
      extra.delete(connection);
      connection.disconnect();
    }
  }

  async function runOne(command: Arg[], res: http.ServerResponse): Promise<{ status: number; body: Outcome }> {
    const prepared = prepare(command);
    if ("refused" in prepared) return { status: 400, body: { error: prepared.refused } };
    const [name, ...args] = prepared.args;
    const call = (connection: Redis) => connection.callBuffer(name!, ...args) as Promise<Reply>;
    try {
      const result = isBlocking(prepared.args) ? await dedicated(res, call) : await call(redis);
      return { status: 200, body: { result: prepared.reply ?? result } };
    } catch (error) {
      if (isReplyError(error)) return { status: 400, body: { error: error.message } };
      throw error;
    }
  }

  // /pipeline answers every command, errors included; /multi-exec runs them in MULTI/EXEC.
  async function runMany(commands: Arg[][], atomic: boolean, res: http.ServerResponse): Promise<Outcome[]> {
    const prepared = commands.map(prepare);
    const refused = prepared.find((p) => "refused" in p);
    if (atomic && refused && "refused" in refused) throw new HttpError(400, `EXECABORT ${refused.refused}`);
    const runnable = prepared.flatMap((p) => ("args" in p ? [p] : []));
    const exec = async (connection: Redis) => {
      if (runnable.length === 0) return [];
      const batch = atomic ? connection.multi() : connection.pipeline();
      for (const { args } of runnable) batch.callBuffer(args[0]!, ...args.slice(1));
      try {
        return (await batch.exec()) ?? [];
      } catch (error) {
        // A command Redis refused to queue discards the whole transaction.
        const causes = (error as { previousErrors?: Error[] }).previousErrors ?? [];
        if (isReplyError(error) || causes.length > 0) {
          const detail = causes.map((cause) => cause.message).join("; ");
          throw new HttpError(400, detail ? `${(error as Error).message} ${detail}` : (error as Error).message);
        }
        throw error;
      }
    };
    // Inside MULTI nothing blocks; in a plain pipeline one blocking command would hold everyone else.
    const blocking = !atomic && runnable.some((p) => isBlocking(p.args));
    const results = blocking ? await dedicated(res, exec) : await exec(redis);
    const broken = results.find(([error]) => error && !isReplyError(error));
    if (broken?.[0]) throw broken[0];
    let next = 0;
    return prepared.map((p): Outcome => {
      if ("refused" in p) return { error: p.refused };
      const [error, value] = results[next++] ?? [new Error("ERR no reply")];
      return error ? { error: error.message } : { result: p.reply ?? (value as Reply) };
    });
  }

  // Server-sent events, as the client's subscribe()/psubscribe() read them: `data: type,channel,message`,
  // the message as published (never base64, whatever Upstash-Encoding asks: the client does not decode it).
  async function subscribe(res: http.ServerResponse, channels: string[], pattern: boolean) {
    if (channels.length === 0) throw new HttpError(400, "ERR no channel to subscribe to");
    const connection = redis.duplicate();
    connection.on("error", () => undefined);
    extra.add(connection);
    streams.add(res);
    // Proxies cut a stream that stays quiet; the clients skip any line that is not `data: `.
    const heartbeat = setInterval(() => {
      if (res.headersSent) res.write(": keepalive\n\n");
    }, opts.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();
    // Whoever closes the response (the client, a cut, close()) releases the Redis connection.
    res.once("close", () => {
      clearInterval(heartbeat);
      streams.delete(res);
      extra.delete(connection);
      connection.disconnect();
    });
    // A message with a line break would split the event; Upstash's stream has the same limit.
    const send = (...fields: string[]) => res.write(`data: ${fields.join(",")}\n\n`);
    connection.on("message", (channel: string, message: string) => send("message", channel, message));
    connection.on("pmessage", (p: string, channel: string, message: string) => send("pmessage", p, channel, message));
    await connection.connect();
    await (pattern ? connection.psubscribe(...channels) : connection.subscribe(...channels));
    // The connection ends with the stream, so close() is not left waiting for an idle socket.
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "close" });
    channels.forEach((channel, i) => send(pattern ? "psubscribe" : "subscribe", channel, String(i + 1)));
  }

  function authorized(req: http.IncomingMessage, url: URL): boolean {
    const bearer = /^Bearer (.*)$/i.exec(req.headers.authorization ?? "");
    const given = bearer ? bearer[1]! : url.searchParams.get("_token");
    return given !== null && timingSafeEqual(sha256(given), expectedToken);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://bridge");
    // Upstash's status codes: 405 for other methods, 401 before anything else is looked at.
    if (!["GET", "HEAD", "POST", "PUT"].includes(req.method ?? "")) throw new HttpError(405, "ERR method not allowed");
    if (!authorized(req, url)) throw new HttpError(401, "Unauthorized");
    const format = req.headers["upstash-response-format"];
    if (format !== undefined && String(format).toLowerCase() !== "json") {
      throw new HttpError(400, `ERR Upstash-Response-Format "${String(format)}" is not supported by the REST bridge`);
    }
    // The client sends upstash-sync-token for read-your-writes across replicas; with one Redis every read
    // already sees every write, so it is ignored and none is returned (the client then keeps "").
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    let path: string[];
    try {
      path = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    } catch {
      throw new HttpError(400, "ERR malformed path");
    }
    const body = await readLimitedBody(req);
    const [head, ...tail] = path;
    const endpoint = head?.toLowerCase();

    if (path.length === 1 && (endpoint === "pipeline" || endpoint === "multi-exec")) {
      const commands = parseJson(body);
      if (!Array.isArray(commands) || commands.length === 0 || !commands.every(isCommand)) {
        throw new HttpError(400, 'ERR expected a non-empty array of commands, such as [["SET", "k", "v"]]');
      }
      const outcomes = await runMany(commands, endpoint === "multi-exec", res);
      sendJson(
        res,
        200,
        outcomes.map((outcome) => encodeOutcome(outcome, base64)),
      );
      return;
    }
    if (endpoint === "subscribe" || endpoint === "psubscribe") {
      await subscribe(res, tail, endpoint === "psubscribe");
      return;
    }
    let command: unknown;
    if (head === undefined) {
      command = parseJson(body);
    } else {
      // Path style: /set/key/value, a POST body as the last argument, then query parameters (?EX=100).
      command = [...path, ...(body.length > 0 ? [body.toString("utf8")] : [])];
      for (const [key, value] of url.searchParams) {
        if (key !== "_token") (command as string[]).push(...(value === "" ? [key] : [key, value]));
      }
    }
    if (!isCommand(command)) throw new HttpError(400, 'ERR expected a command such as ["SET", "key", "value"]');
    const { status, body: outcome } = await runOne(command, res);
    sendJson(res, status, encodeOutcome(outcome, base64));
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown) {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (error.status === 413) res.setHeader("connection", "close");
        sendJson(res, error.status, { error: error.message });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        sendJson(res, 503, { error: `ERR Redis is unavailable: ${message}` });
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  }).catch((error: unknown) => {
    redis.disconnect();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? "127.0.0.1";
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    cutStreams() {
      for (const stream of streams) stream.destroy();
    },
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        for (const stream of streams) stream.end();
        for (const connection of extra) connection.disconnect();
        // Requests under way get a moment to finish; streams and stragglers are then cut.
        const grace = setTimeout(() => server.closeAllConnections(), 1_000);
        await closed;
        clearTimeout(grace);
        redis.disconnect();
      })()),
  };
}
