// A program driving Taskmanager through the typed API with a personal token:
//   TASKMANAGER_URL=http://localhost:3000 TASKMANAGER_TOKEN=tmk_… npx tsx examples/list-projects.ts
// `npm run typecheck` checks this file against the server's router, so a wrong procedure name or
// input shape fails the build, not the program.
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../src/server/api/root";

const url = process.env.TASKMANAGER_URL ?? "http://localhost:3000";
const token = process.env.TASKMANAGER_TOKEN;
if (!token) {
  console.error("Set TASKMANAGER_TOKEN to a personal API token (Account → API tokens).");
  process.exit(1);
}

const client = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: `${url}/api/trpc`,
      transformer: superjson,
      // The server takes at most 50 calls in one batched request.
      maxItems: 50,
      headers: { authorization: `Bearer ${token}` },
    }),
  ],
});

async function main() {
  const me = await client.account.me.query();
  console.log(`Signed in as ${me.name ?? me.email}`);
  for (const workspace of await client.workspace.list.query()) {
    console.log(`\n${workspace.name} (${workspace.role.toLowerCase()})`);
    const projects = await client.project.list.query({ workspaceId: workspace.id });
    if (projects.length === 0) console.log("  no projects");
    for (const project of projects) {
      console.log(`  ${project.key.padEnd(6)} ${project.name} — ${project.openTasks} open tasks`);
    }
  }
}

// A refused token or a bad call is the server's message, not a stack trace.
main().catch((error: unknown) => {
  console.error(error instanceof TRPCClientError ? `Taskmanager: ${error.message}` : error);
  process.exit(1);
});
