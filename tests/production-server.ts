import http, { type IncomingMessage, type ServerResponse } from "node:http";
import net, { type AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { readBody } from "~/server/http/read-body";
import { requestListener } from "~/server/http/listener";

// `npm start`'s request listener (src/server/http/server.ts) on a real socket. Where the production
// server hands a request to Next, this hands it to the route handlers the tests name, as Next's router
// would; the trust boundary and the direct tRPC path in front are the product's own.

type Route = { GET?: (req: NextRequest) => Promise<Response>; POST?: (req: NextRequest) => Promise<Response> };

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

export async function startProductionServer(options: { trustedHops: number; routes: Record<string, Route> }) {
  async function handleNext(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    const prefix = Object.keys(options.routes).find((p) => url.pathname.startsWith(p));
    const handler = prefix ? options.routes[prefix]![req.method as "GET" | "POST"] : undefined;
    if (!handler) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(key, value);
      else if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    }
    const body = req.method === "POST" ? await readBody(req, 64 * 1024 * 1024) : null;
    const response = await handler(
      new NextRequest(url, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined }),
    );
    for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
    res.setHeader("set-cookie", response.headers.getSetCookie());
    res.writeHead(response.status).end(Buffer.from(await response.arrayBuffer()));
  }

  const server = http.createServer(requestListener(handleNext, { trustedHops: options.trustedHops }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // `from` connects from another loopback address (127.0.0.2, …): another client, as the socket sees it.
  function request(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
  ) {
    return new Promise<Answer>((resolve, reject) => {
      const options = { method: init.method ?? "GET", headers: init.headers, localAddress: init.from };
      const req = http.request(`${base}${path}`, options, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      });
      req.on("error", reject);
      req.end(init.body);
    });
  }

  return {
    base,
    request,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Linux answers on all of 127.0.0.0/8; macOS only on 127.0.0.1 unless an alias is added. Tests that
// need a second client address skip without one, saying why, except in CI.
export async function secondLoopbackAddress(): Promise<string | null> {
  const address = "127.0.0.2";
  const usable = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(0, address, () => probe.close(() => resolve(true)));
  });
  if (usable) return address;
  if (process.env.CI === "true") throw new Error(`CI=true but ${address} cannot be used on this machine`);
  console.warn(`Skipping tests that need a second client address: ${address} is not configured here.`);
  return null;
}
