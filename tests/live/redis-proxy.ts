import http from "node:http";
import type { AddressInfo } from "node:net";

// A pass-through in front of the Upstash REST bridge that can lose an instance's doorbell on purpose:
// with `dropPublishes` on, every PUBLISH is answered `{"result":0}` (no subscriber reached) without
// reaching Redis, in each shape the REST protocol has for it: POST / with ["PUBLISH", ch, msg],
// /publish/<ch>/<msg>, and inside /pipeline or /multi-exec batches (the other commands of a batch go
// through, and their answers come back in place). Everything else, subscribe streams included, passes.

export type RedisProxy = {
  url: string;
  /** Lose every PUBLISH from now on (true) or pass them again (false). */
  dropPublishes: boolean;
  /** PUBLISH commands answered here without reaching Redis, and those passed on. */
  readonly dropped: number;
  readonly published: number;
  /** Subscribe streams opened through the proxy so far, and those open now. */
  readonly subscribes: number;
  readonly openStreams: number;
  close(): Promise<void>;
};

type Command = unknown[];
const PUBLISH = new Set(["PUBLISH", "SPUBLISH"]);

const isPublish = (command: unknown): boolean =>
  Array.isArray(command) && typeof command[0] === "string" && PUBLISH.has(command[0].toUpperCase());

function readAll(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

export async function startRedisProxy(target: string): Promise<RedisProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const streams = new Set<http.ServerResponse>();
  let dropped = 0;
  let published = 0;
  let subscribes = 0;

  function answer(res: http.ServerResponse, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  // Sends the request on, with `body` in place of the original; `splice` rewrites a JSON answer.
  function forward(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    splice?: (reply: unknown) => unknown,
  ) {
    const headers = { ...req.headers, host: upstream.host, "content-length": String(body.length) };
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
      (upstreamRes) => {
        const streaming = String(upstreamRes.headers["content-type"] ?? "").startsWith("text/event-stream");
        if (splice && !streaming && upstreamRes.statusCode === 200) {
          void readAll(upstreamRes).then((raw) => answer(res, splice(parse(raw))));
          return;
        }
        if (streaming) {
          subscribes++;
          streams.add(res);
          res.once("close", () => streams.delete(res));
          // A stream cut upstream is cut here too, as a network failure between the two would be.
          upstreamRes.once("aborted", () => res.destroy());
          upstreamRes.socket.once("close", () => {
            if (!upstreamRes.complete) res.destroy();
          });
        }
        upstreamRes.on("error", () => res.destroy());
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    // The instance went away: so does the upstream request (and the stream's Redis connection).
    res.once("close", () => {
      if (!res.writableFinished) out.destroy();
    });
    out.on("error", () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    out.end(body);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const body = await readAll(req);
    const path = (req.url ?? "/").split("?")[0]!.split("/").filter(Boolean);
    const endpoint = path[0]?.toLowerCase();
    if (!proxy.dropPublishes) {
      if (endpoint === "publish" || isPublish(parse(body))) published++;
      else if (endpoint === "pipeline" || endpoint === "multi-exec") {
        const commands = parse(body);
        if (Array.isArray(commands)) published += commands.filter(isPublish).length;
      }
      return forward(req, res, body);
    }
    if (endpoint === "publish" || (path.length === 0 && isPublish(parse(body)))) {
      dropped++;
      return answer(res, { result: 0 });
    }
    if (endpoint === "pipeline" || endpoint === "multi-exec") {
      const commands = parse(body);
      if (Array.isArray(commands) && commands.some(isPublish)) {
        const kept = (commands as Command[]).filter((command) => !isPublish(command));
        dropped += commands.length - kept.length;
        const fill = (replies: unknown[]) => {
          let next = 0;
          return commands.map((command) => (isPublish(command) ? { result: 0 } : replies[next++]));
        };
        if (kept.length === 0) return answer(res, fill([]));
        // A transaction's answer is one array too, so both shapes are spliced the same way.
        return forward(req, res, Buffer.from(JSON.stringify(kept)), (reply) =>
          Array.isArray(reply) ? fill(reply) : reply,
        );
      }
    }
    forward(req, res, body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  const proxy: RedisProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dropPublishes: false,
    get dropped() {
      return dropped;
    },
    get published() {
      return published;
    },
    get subscribes() {
      return subscribes;
    },
    get openStreams() {
      return streams.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
  return proxy;
}
