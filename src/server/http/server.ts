// `npm start`: the production server on a host of our own (Render, a VM, a container). Next serves
// the pages, Auth.js, health, cron and static files, as under `next start`; /api/trpc is answered by
// the same handler as the App Router route, without Next's routing in between (bench:tasks measures
// the difference). Vercel runs no server of ours and serves /api/trpc through the route.
// First: keeps the runtime's Date before Next wraps it (see the module).
import "./native-date";
import http from "node:http";
import path from "node:path";
import next from "next";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const port = Number(process.env.PORT ?? 3000);

async function main() {
  // As under `next start`: a production server, whatever the shell says.
  Object.assign(process.env, { NODE_ENV: "production" });
  const app = next({ dev: false, dir: ROOT, port });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  // Loaded after Next has read (and validated) the configuration and environment.
  const { initServerErrorTracking } = await import("~/server/observability");
  const { requestListener } = await import("./listener");
  const { shutdownOnSignal } = await import("./shutdown");
  initServerErrorTracking();

  const server = http.createServer(requestListener(handleNext));
  server.listen(port, () => console.log(`Taskmanager listening on port ${port}`));

  shutdownOnSignal(server, () => app.close());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
