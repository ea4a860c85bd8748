import { getErrorShape, getTRPCErrorFromUnknown, TRPCError } from "@trpc/server";
import { env } from "~/env.mjs";
import type { LiveMessage } from "~/lib/live";
import { stringify, transformer } from "~/lib/wire";
import { appRouter, createCaller } from "~/server/api/root";
import type { Context } from "~/server/api/trpc";
import { LIVE_PING_MS, LIVE_RECONNECT_AFTER_INACTIVITY_MS } from "~/server/live/subscription";

// live.project over server-sent events, in tRPC's own wire format (httpSubscriptionLink reads it
// unchanged), without tRPC's general-purpose stream pipeline. The procedure itself runs through the
// router's caller, so input validation, sign-in, the rate limit and the project check are the same
// middlewares as every other call; only the writing differs. A change is sent to every subscriber of
// its project, so its frame is serialized once and the same bytes go to all of them: with tRPC's
// pipeline each subscriber paid for its own serialization and several stream stages per event.

export const LIVE_PATH = "live.project";

// When many streams end at once (an instance stopping, streams opened together by a deploy reaching
// their rotation together), their clients must not all come back in the same instant: each browser is
// told to reconnect 1–2 s after its stream ends (EventSource's default is a fixed 3 s), and each
// stream rotates up to a tenth before LIVE_STREAM_SECONDS.
const retryHint = () => `retry: ${1000 + Math.floor(Math.random() * 1000)}\n\n`;
const rotationMs = () => Math.round(env.LIVE_STREAM_SECONDS * 1000 * (1 - Math.random() * 0.1));
const CONNECTED = `event: connected\ndata: ${JSON.stringify({ reconnectAfterInactivityMs: LIVE_RECONNECT_AFTER_INACTIVITY_MS })}\n\n`;
const PING = "event: ping\ndata: \n\n";
const RETURN = "event: return\ndata: \n\n";

export const LIVE_STREAM_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
} as const;

const encoder = new TextEncoder();
// A change's frame, made once for all of this process's subscribers of its project.
const frames = new WeakMap<object, Uint8Array>();

function frameOf(id: string, message: LiveMessage): Uint8Array {
  const shared = message.type === "change" && id === String(message.seq);
  const cached = shared ? frames.get(message) : undefined;
  if (cached) return cached;
  const frame = encoder.encode(`data: ${stringify(message)}\nid: ${id}\n\n`);
  if (shared) frames.set(message, frame);
  return frame;
}

// The input as tRPC reads a subscription's: `?input=` in the transformer's format, with the last event
// id the browser sends on reconnecting (Last-Event-ID, or `lastEventId` in the query) merged in.
function inputOf(url: URL, headers: Headers): unknown {
  const raw = url.searchParams.get("input");
  let input: unknown;
  try {
    input =
      raw === null
        ? undefined
        : transformer.input.deserialize(JSON.parse(raw) as Parameters<typeof transformer.input.deserialize>[0]);
  } catch (cause) {
    throw new TRPCError({ code: "PARSE_ERROR", message: "The input is not valid JSON.", cause });
  }
  const lastEventId =
    headers.get("last-event-id") ?? url.searchParams.get("lastEventId") ?? url.searchParams.get("Last-Event-Id");
  if (!lastEventId) return input;
  return typeof input === "object" && input !== null ? { ...input, lastEventId } : (input ?? { lastEventId });
}

function errorFrame(error: unknown, ctx: Context, input: unknown): string {
  const shape = getErrorShape({
    config: appRouter._def._config,
    ctx,
    error: getTRPCErrorFromUnknown(error),
    input,
    path: LIVE_PATH,
    type: "subscription",
  });
  return `event: serialized-error\ndata: ${JSON.stringify(transformer.output.serialize(shape))}\n\n`;
}

/**
 * Answers GET /api/trpc/live.project. The stream ends on its own after LIVE_STREAM_SECONDS (the client
 * reconnects from its last event), when the client goes away, or with an error event.
 */
export function serveLiveStream(req: Request, ctx: Context, headers: Headers): Response {
  const url = new URL(req.url);
  const stop = new AbortController();
  const signal = AbortSignal.any([req.signal, stop.signal]);
  let input: unknown;

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: string | Uint8Array) => {
        if (signal.aborted) return;
        try {
          controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
        } catch {
          stop.abort();
        }
      };
      send(retryHint() + CONNECTED);
      const rotation = setTimeout(() => stop.abort(), rotationMs());
      const ping = setInterval(() => send(PING), LIVE_PING_MS);
      void (async () => {
        try {
          input = inputOf(url, req.headers);
          const messages = await createCaller(ctx, { signal }).live.project(input as never);
          // Through the caller a tracked message is tRPC's envelope, [id, message] (typed as the
          // client sees it, { id, data }).
          for await (const tracked of messages) {
            const [id, message] = tracked as unknown as readonly [string, LiveMessage];
            send(frameOf(id, message));
          }
          send(RETURN);
        } catch (error) {
          // A stream ended by rotation or by the client is no error: the client resumes from its last id.
          if (!signal.aborted) send(errorFrame(error, ctx, input));
        } finally {
          clearTimeout(rotation);
          clearInterval(ping);
          try {
            controller.close();
          } catch {
            // Already cancelled by the client.
          }
        }
      })();
    },
    cancel() {
      stop.abort();
    },
  });
  for (const [key, value] of Object.entries(LIVE_STREAM_HEADERS)) headers.set(key, value);
  return new Response(body, { status: 200, headers });
}
