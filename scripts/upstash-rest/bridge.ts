// A local server that speaks Upstash's Redis REST protocol in front of a real Redis, so the app's
// @upstash/redis and @upstash/ratelimit clients run against real Redis in development and CI
// (the role serverless-redis-http plays in Upstash's own docs).
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";

type Reply = string | number | null | Buffer | Error | Reply[];
type Encoded = string | number | null | Encoded[];
type Command = (string | number)[];

const MAX_BODY = 10 * 1024 * 1024;

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

// @upstash/ratelimit starts its scripts with `#!lua flags=allow-key-locking`, a flag Upstash knows
// and Redis 7.0 refuses; the flag is dropped and the client's hash mapped to the stripped script's.
function stripUnknownFlags(script: string): string {
  return script.replace(/^#!lua flags=([^\n]*)/, (_line, flags: string) => {
    const kept = flags
      .split(",")
      .map((f) => f.trim())
      .filter((f) => f && f !== "allow-key-locking");
    return kept.length > 0 ? `#!lua flags=${kept.join(",")}` : "#!lua";
  });
}

// The client base64-decodes every string at every depth (bar a top-level "OK"), so every string goes
// out base64-encoded when it asks for that; bulk replies are encoded from their raw bytes.
function encode(reply: Reply, base64: boolean): Encoded {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((r) => encode(r, base64));
  if (reply instanceof Error) return reply.message;
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString("base64") : reply.toString("utf8");
  return base64 ? Buffer.from(reply).toString("base64") : reply;
}

function isCommand(value: unknown): value is Command {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")
  );
}

export type UpstashBridge = { url: string; port: number; close(): Promise<void> };

export async function startUpstashBridge(opts: {
  redisUrl: string;
  token: string;
  port?: number;
  host?: string;
}): Promise<UpstashBridge> {
  const redis = new Redis(opts.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  await redis.connect();
  const scripts = new Map<string, string>();
  const expected = Buffer.from(`Bearer ${opts.token}`);

  // Rewrites the script commands; everything else goes to Redis as sent. `reply` adjusts what the
  // client sees (SCRIPT LOAD must answer the hash of the text the client sent).
  function prepare(command: Command): { args: string[]; reply?: Reply } {
    const [name, ...args] = command.map(String);
    const upper = name!.toUpperCase();
    if ((upper === "EVAL" || upper === "EVAL_RO") && args[0] !== undefined) {
      const stripped = stripUnknownFlags(args[0]);
      scripts.set(sha1(args[0]), sha1(stripped));
      return { args: [upper, stripped, ...args.slice(1)] };
    }
    if ((upper === "EVALSHA" || upper === "EVALSHA_RO") && args[0] !== undefined) {
      return { args: [upper, scripts.get(args[0].toLowerCase()) ?? args[0], ...args.slice(1)] };
    }
    if (upper === "SCRIPT" && args[0]?.toUpperCase() === "LOAD" && args[1] !== undefined) {
      const stripped = stripUnknownFlags(args[1]);
      scripts.set(sha1(args[1]), sha1(stripped));
      return { args: ["SCRIPT", "LOAD", stripped], reply: sha1(args[1]) };
    }
    return { args: [upper, ...args] };
  }

  async function run(command: Command): Promise<Reply> {
    const { args, reply } = prepare(command);
    const result = (await redis.callBuffer(args[0]!, ...args.slice(1))) as Reply;
    return reply ?? result;
  }

  // @upstash/redis batches commands through /pipeline by default, so every command can arrive here.
  async function runAll(commands: Command[], atomic: boolean): Promise<{ result?: Reply; error?: string }[]> {
    const pipeline = atomic ? redis.multi() : redis.pipeline();
    const prepared = commands.map(prepare);
    for (const { args } of prepared) pipeline.callBuffer(args[0]!, ...args.slice(1));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value], i) =>
      error ? { error: error.message } : { result: prepared[i]?.reply ?? (value as Reply) },
    );
  }

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "upstash-sync-token": "" });
      res.end(JSON.stringify(body));
    };
    const auth = Buffer.from(req.headers.authorization ?? "");
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
      send(401, { error: "Unauthorized" });
      return;
    }
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        send(413, { error: "ERR request body too large" });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      void (async () => {
        const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "");
        let body: unknown;
        try {
          const text = Buffer.concat(chunks).toString("utf8");
          // Path-style commands (`/set/key/value`) as well as JSON bodies.
          body = text ? JSON.parse(text) : path.split("/").filter(Boolean).map(decodeURIComponent);
        } catch {
          send(400, { error: "ERR malformed JSON body" });
          return;
        }
        try {
          if (path === "/pipeline" || path === "/multi-exec") {
            if (!Array.isArray(body) || !body.every(isCommand)) {
              send(400, { error: "ERR expected an array of commands" });
              return;
            }
            const replies = await runAll(body, path === "/multi-exec");
            send(
              200,
              replies.map((r) =>
                r.error !== undefined ? { error: r.error } : { result: encode(r.result ?? null, base64) },
              ),
            );
            return;
          }
          if (!isCommand(body)) {
            send(400, { error: 'ERR expected a command such as ["GET", "key"]' });
            return;
          }
          send(200, { result: encode(await run(body), base64) });
        } catch (error) {
          send(400, { error: error instanceof Error ? error.message : String(error) });
        }
      })();
    });
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? "127.0.0.1"}:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}
