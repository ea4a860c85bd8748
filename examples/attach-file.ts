// Attaches a file to a task, with a personal token:
//   TASKMANAGER_URL=http://localhost:3000 TASKMANAGER_TOKEN=tmk_… npx tsx examples/attach-file.ts <taskId> <file>
// The file goes straight to storage (the bucket, or the server's upload folder) through a signed
// upload valid for a minute; `complete` then checks what arrived and lists it on the task.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../src/server/api/root";

const url = process.env.TASKMANAGER_URL ?? "http://localhost:3000";
const token = process.env.TASKMANAGER_TOKEN;
const [taskId, file] = process.argv.slice(2);
if (!token || !taskId || !file) {
  console.error("Usage: TASKMANAGER_TOKEN=tmk_… npx tsx examples/attach-file.ts <taskId> <file>");
  process.exit(1);
}

const client = createTRPCClient<AppRouter>({
  links: [httpLink({ url: `${url}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } })],
});

async function main(taskId: string, file: string) {
  const bytes = await readFile(file);
  const { attachmentId, upload } = await client.attachment.createUpload.mutate({
    taskId,
    name: path.basename(file),
    size: bytes.byteLength,
    // The server goes by the extension; an empty type is accepted.
    contentType: "",
  });
  // A relative URL is the server's own upload route (no bucket configured).
  const target = new URL(upload.url, url);
  const body = new Blob([bytes]);
  let sent: Response;
  if (upload.method === "POST") {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append("file", body, path.basename(file));
    sent = await fetch(target, { method: "POST", body: form });
  } else {
    sent = await fetch(target, { method: "PUT", headers: upload.headers, body });
  }
  if (!sent.ok) throw new Error(`The storage refused the upload (${sent.status}): ${await sent.text()}`);
  const attachment = await client.attachment.complete.mutate({ attachmentId });
  console.log(`Attached ${attachment.name} (${attachment.size} bytes) as ${attachment.id}.`);
  const { url: link, expiresAt } = await client.attachment.downloadUrl.query({ attachmentId: attachment.id });
  console.log(`Download link, valid until ${expiresAt.toISOString()}: ${new URL(link, url).toString()}`);
}

main(taskId, file).catch((error: unknown) => {
  console.error(error instanceof TRPCClientError ? error.message : error);
  process.exit(1);
});
