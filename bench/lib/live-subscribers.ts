// A child process of bench:live that holds live.project subscriptions and notes when each change
// arrives, so the receiving side's work (a thousand event streams) stays out of the process that writes
// and times the writes. Messages from the parent (IPC): open, reset, report, close (LiveWorkerRequest).
import type { LiveMessage } from "~/lib/live";
import { liveClient } from "../../tests/live/client";

export type LiveWorkerRequest =
  | { type: "open"; token: string; subscriptions: { url: string; projectId: string }[] }
  | { type: "reset" }
  | { type: "report" }
  | { type: "close" };

/** One change as one subscriber got it: `taskId:version`, received at (ms), the event's `at` (ms). */
export type Receipt = [key: string, receivedAt: number, at: number];

export type LiveWorkerReply =
  | { type: "opened" }
  | { type: "failed"; message: string }
  | { type: "reset" }
  | { type: "report"; receipts: Receipt[][] }
  | { type: "closed" };

type Subscriber = { ready: boolean; error: string | null; receipts: Receipt[]; stop: () => void };

const subscribers: Subscriber[] = [];
const clients = new Map<string, ReturnType<typeof liveClient>>();
const reply = (message: LiveWorkerReply) => process.send!(message);

function subscribe(url: string, token: string, projectId: string): Subscriber {
  let client = clients.get(url);
  if (!client) clients.set(url, (client = liveClient(() => url, token)));
  const subscriber: Subscriber = { ready: false, error: null, receipts: [], stop: () => undefined };
  const subscription = client.live.project.subscribe(
    { projectId },
    {
      onData: (value) => {
        const receivedAt = Date.now();
        const message = (value as unknown as { data: LiveMessage }).data;
        if (message.type === "ready") subscriber.ready = true;
        if (message.type !== "change" || message.taskId === null) return;
        subscriber.receipts.push([`${message.taskId}:${message.version}`, receivedAt, message.at.getTime()]);
      },
      onError: (error) => (subscriber.error = error.message),
    },
  );
  subscriber.stop = () => subscription.unsubscribe();
  return subscriber;
}

async function open(token: string, list: { url: string; projectId: string }[]) {
  const opened = list.map(({ url, projectId }) => subscribe(url, token, projectId));
  subscribers.push(...opened);
  const deadline = Date.now() + 60_000;
  while (opened.some((s) => !s.ready && !s.error)) {
    if (Date.now() > deadline) return reply({ type: "failed", message: "subscriptions did not open within 60 s" });
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const failed = opened.find((s) => s.error);
  reply(failed ? { type: "failed", message: `a subscription failed: ${failed.error}` } : { type: "opened" });
}

process.on("message", (request: LiveWorkerRequest) => {
  switch (request.type) {
    case "open":
      void open(request.token, request.subscriptions);
      break;
    case "reset":
      for (const s of subscribers) s.receipts = [];
      reply({ type: "reset" });
      break;
    case "report":
      reply({ type: "report", receipts: subscribers.map((s) => s.receipts) });
      break;
    case "close":
      for (const s of subscribers) s.stop();
      reply({ type: "closed" });
      process.disconnect();
      break;
  }
});
