import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { startUpstashBridge, type UpstashBridge } from "../../tools/upstash-rest/bridge";
import { startRedisProxy, type RedisProxy } from "./redis-proxy";

// App instances as separate processes (tests/live/instance.ts) on one database and one Redis, as two
// `npm start` servers behind a load balancer would be. Each instance reaches Redis through the Upstash
// REST bridge, by default through a proxy of its own that can lose its PUBLISH commands.

const ROOT = path.resolve(import.meta.dirname, "../..");
const ENTRY = path.join(ROOT, "tests/live/instance.ts");
const START_TIMEOUT_MS = 60_000;
const KEPT_OUTPUT_LINES = 200;

export type Exit = { code: number | null; signal: NodeJS.Signals | null; ms: number };

export type Instance = {
  name: string;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** The instance's own way to Redis; null when it talks to the bridge directly. */
  proxy: RedisProxy | null;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Starts the process (again, on the same port) and resolves once it answers health.ping. */
  start(): Promise<void>;
  /** Sends the signal and resolves when the process has exited, with how long that took. */
  kill(signal: "SIGKILL" | "SIGTERM"): Promise<Exit>;
  /** The last lines the process wrote, for failure messages. */
  output(): string;
};

export type Cluster = {
  bridge: UpstashBridge;
  instances: Instance[];
  /** Ends the instances (SIGKILL unless told; SIGTERM lets --cpu-prof write its profile), then Redis. */
  stop(signal?: "SIGKILL" | "SIGTERM"): Promise<void>;
};

export type ClusterOptions = {
  databaseUrl: string;
  redisUrl: string;
  instances?: number;
  /** Extra environment for every instance (LIVE_STREAM_SECONDS, LIVE_POLL_SECONDS, …). */
  env?: Record<string, string>;
  /** A publish-dropping proxy in front of each instance's Redis (default true). */
  proxies?: boolean;
  /** Copy the instances' output to this process's (default: LIVE_INSTANCE_OUTPUT=1). */
  echo?: boolean;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function answersPing(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/trpc/health.ping`, { signal: AbortSignal.timeout(2_000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

function startInstance(
  name: string,
  port: number,
  env: Record<string, string>,
  proxy: RedisProxy | null,
  echo: boolean,
): Instance {
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let exited: Promise<Exit> | null = null;
  let killedAt = 0;
  const lines: string[] = [];

  function keep(prefix: string, chunk: Buffer) {
    for (const line of chunk.toString().split("\n")) {
      if (!line) continue;
      lines.push(`${prefix} ${line}`);
      if (lines.length > KEPT_OUTPUT_LINES) lines.shift();
      if (echo) console.log(`[${name}] ${line}`);
    }
  }

  async function start() {
    if (child) throw new Error(`instance ${name} is already running`);
    const started = performance.now();
    // e.g. LIVE_INSTANCE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the instances.
    const nodeArgs = (process.env.LIVE_INSTANCE_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const proc = spawn(process.execPath, [...nodeArgs, "--import", "tsx", ENTRY], {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let listening = false;
    proc.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("live instance listening on")) listening = true;
      keep("out", chunk);
    });
    proc.stderr.on("data", (chunk: Buffer) => keep("err", chunk));
    killedAt = 0;
    exited = new Promise<Exit>((resolve) => {
      proc.once("exit", (code, signal) => {
        const exitedAt = performance.now();
        if (child === proc) child = null;
        resolve({ code, signal, ms: Math.round(exitedAt - (killedAt || exitedAt)) });
      });
    });

    const deadline = performance.now() + START_TIMEOUT_MS;
    while (performance.now() < deadline) {
      if (child !== proc) throw new Error(`instance ${name} exited while starting:\n${lines.join("\n")}`);
      if (listening && (await answersPing(url))) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    proc.kill("SIGKILL");
    throw new Error(
      `instance ${name} did not answer within ${Math.round(performance.now() - started)} ms:\n${lines.join("\n")}`,
    );
  }

  return {
    name,
    port,
    url,
    proxy,
    get pid() {
      return child?.pid;
    },
    get running() {
      return child !== null;
    },
    start,
    async kill(signal) {
      if (!child || !exited) return { code: null, signal: null, ms: 0 };
      killedAt = performance.now();
      child.kill(signal);
      return exited;
    },
    output: () => lines.join("\n"),
  };
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const count = options.instances ?? 2;
  const token = `live-${Math.random().toString(36).slice(2)}`;
  const bridge = await startUpstashBridge({ redisUrl: options.redisUrl, token });
  const proxies: RedisProxy[] = [];
  const instances: Instance[] = [];
  const stop = async (signal: "SIGKILL" | "SIGTERM" = "SIGKILL") => {
    await Promise.all(instances.map((instance) => instance.kill(signal)));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await bridge.close();
  };
  try {
    for (let i = 0; i < count; i++) {
      const proxy = options.proxies === false ? null : await startRedisProxy(bridge.url);
      if (proxy) proxies.push(proxy);
      const env = {
        DATABASE_URL: options.databaseUrl,
        UPSTASH_REDIS_REST_URL: proxy?.url ?? bridge.url,
        UPSTASH_REDIS_REST_TOKEN: token,
        RATE_LIMIT_MAX: "1000000",
        RATE_LIMIT_LOGIN_MAX: "10000",
        LOG_LEVEL: "warn",
        ...options.env,
      };
      const name = String.fromCharCode(65 + i);
      instances.push(
        startInstance(name, await freePort(), env, proxy, options.echo ?? !!process.env.LIVE_INSTANCE_OUTPUT),
      );
    }
    await Promise.all(instances.map((instance) => instance.start()));
    return { bridge, instances, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
