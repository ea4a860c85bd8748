// Follows a project's changes as they happen, with a personal token:
//   TASKMANAGER_URL=http://localhost:3000 TASKMANAGER_TOKEN=tmk_… npx tsx examples/follow-project.ts [projectId]
// Without a project id it follows the first project of the first workspace. The live.project
// subscription sends ids, versions and changed field names; the task itself is read through the
// normal API (task.get), as the web app does. The client link reconnects by itself, from the last
// event it saw, whenever a stream ends (every few minutes, or when a server restarts).
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import type { LiveMessage } from "../src/lib/live";
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

// A change names the task; its ref and title come from task.get, which checks access as any read does.
async function describeTask(taskId: string | null, kind: string): Promise<string> {
  if (!taskId) return "";
  if (kind === "task.purged") return ` task ${taskId}`;
  try {
    const task = await client.task.get.query({ id: taskId });
    return ` ${task.ref} "${task.title}"`;
  } catch {
    return ` task ${taskId} (no longer readable)`;
  }
}

async function print(message: LiveMessage) {
  const time = new Date().toLocaleTimeString();
  if (message.type === "ready") console.log(`${time}  connected, at event ${message.head}`);
  else if (message.type === "resync") console.log(`${time}  missed too much: reload the project`);
  else if (message.type === "presence") {
    console.log(`${time}  viewing now: ${message.viewers.map((v) => v.name ?? v.userId).join(", ") || "nobody"}`);
  } else {
    const who = message.actor?.name ?? message.actor?.id ?? "someone";
    const what = message.fields.length > 0 ? ` (${message.fields.join(", ")})` : "";
    const version = message.version === null ? "" : ` v${message.version}`;
    const task = await describeTask(message.taskId, message.kind);
    console.log(`${time}  #${message.seq} ${message.kind}${task}${version}${what} by ${who}`);
  }
}

async function main() {
  const project = process.argv[2]
    ? await client.project.get.query({ projectId: process.argv[2] })
    : await firstProject();
  if (!project) throw new Error("No project to follow: create one first, or pass a project id.");
  console.log(`Following ${project.name} (${project.id}); Ctrl-C to stop.`);

  // Printed one at a time, in the order they came, while each waits for its task.get.
  let printed = Promise.resolve();
  await new Promise<void>((resolve, reject) => {
    client.live.project.subscribe(
      { projectId: project.id },
      {
        onData: ({ data: message }) => {
          printed = printed.then(() => print(message));
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
