// Follows a project's changes as they happen, with a personal token:
//   TASKMANAGER_URL=http://localhost:3000 TASKMANAGER_TOKEN=tmk_… npx tsx examples/follow-project.ts [projectId]
// Without a project id it follows the first project of the first workspace. The live.project
// subscription sends ids, versions and changed field names; the task itself is read through the
// normal API (task.get), as the web app does. The client link reconnects by itself, from the last
// event it saw, whenever a stream ends (every few minutes, or when a server restarts).
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import type { AppRouter } from "../src/server/api/root";

const url = process.env.TASKMANAGER_URL ?? "http://localhost:3000";
const token = process.env.TASKMANAGER_TOKEN;
if (!token) {
  console.error("Set TASKMANAGER_TOKEN to a personal API token (Account → API tokens).");
  process.exit(1);
}
const authorization = `Bearer ${token}`;

const client = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === "subscription",
      // Server-sent events through the `eventsource` package, whose fetch can send the token (a
      // browser's EventSource cannot set headers; the web app uses its session cookie instead).
      true: httpSubscriptionLink({
        url: `${url}/api/trpc`,
        transformer: superjson,
        EventSource,
        eventSourceOptions: {
          fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, authorization } }),
        },
      }),
      false: httpLink({ url: `${url}/api/trpc`, transformer: superjson, headers: { authorization } }),
    }),
  ],
});

async function firstProject(): Promise<{ id: string; name: string } | null> {
  for (const workspace of await client.workspace.list.query()) {
    const [project] = await client.project.list.query({ workspaceId: workspace.id });
    if (project) return project;
  }
  return null;
}

async function main() {
  const project = process.argv[2]
    ? await client.project.get.query({ projectId: process.argv[2] })
    : await firstProject();
  if (!project) throw new Error("No project to follow: create one first, or pass a project id.");
  console.log(`Following ${project.name} (${project.id}); Ctrl-C to stop.`);

  await new Promise<void>((resolve, reject) => {
    client.live.project.subscribe(
      { projectId: project.id },
      {
        onData: ({ data: message }) => {
          const time = new Date().toLocaleTimeString();
          if (message.type === "ready") console.log(`${time}  connected, at event ${message.head}`);
          else if (message.type === "resync") console.log(`${time}  missed too much: reload the project`);
          else if (message.type === "presence") {
            console.log(
              `${time}  viewing now: ${message.viewers.map((v) => v.name ?? v.userId).join(", ") || "nobody"}`,
            );
          } else {
            const who = message.actor?.name ?? message.actor?.id ?? "someone";
            const what = message.fields.length > 0 ? ` (${message.fields.join(", ")})` : "";
            const task = message.taskId ? ` task ${message.taskId} v${message.version ?? "-"}` : "";
            console.log(`${time}  #${message.seq} ${message.kind}${task}${what} by ${who}`);
          }
        },
        onError: reject,
        onComplete: resolve,
      },
    );
  });
}

// A refused token, a project the token's user cannot see, or a removal from the workspace while
// following: the server's message, not a stack trace.
main().catch((error: unknown) => {
  console.error(error instanceof TRPCClientError ? `Taskmanager: ${error.message}` : error);
  process.exit(1);
});
