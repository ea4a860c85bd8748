// One app instance for the live-update tests and bench:live, run as its own process:
//   PORT=4101 DATABASE_URL=… UPSTASH_REDIS_REST_URL=… UPSTASH_REDIS_REST_TOKEN=… npx tsx tests/live/instance.ts
// It serves /api/trpc through `npm start`'s own request listener (src/server/http/listener.ts) and
// stops on SIGTERM through the production server's shutdown; everything Next would serve answers 404,
// so no build is needed. Configured only through the environment, as the production server is.
import http from "node:http";
import type { AddressInfo } from "node:net";

// As under `npm start`, whatever the caller's shell says.
Object.assign(process.env, { NODE_ENV: "production" });
process.env.AUTH_SECRET ??= "live-instance-secret-live-instance-secret";

// Loaded after the environment is final: src/env.mjs reads it once, on import.
const { requestListener } = await import("~/server/http/listener");
const { shutdownOnSignal } = await import("~/server/http/shutdown");

const notNext = (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(404, { "content-type": "text/plain" }).end("Not found (no Next.js in this instance)");
};

const server = http.createServer(requestListener(notNext));
shutdownOnSignal(server);
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  // The parent waits for this line (tests/live/cluster.ts).
  console.log(`live instance listening on ${(server.address() as AddressInfo).port}`);
});
