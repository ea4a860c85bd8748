import { createTRPCClient, httpLink, httpSubscriptionLink, TRPCClientError } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import type { LiveChange, LiveMessage, LiveProjectInput } from "~/lib/live";
import type { AppRouter } from "~/server/api/root";

// A program's typed clients, as examples/follow-project.ts builds them: queries and mutations over
// httpLink, the live subscription over httpSubscriptionLink with the `eventsource` package, each with
// a personal token.

export type ApiClient = ReturnType<typeof apiClient>;

/** Queries and mutations against one instance. */
export function apiClient(base: string, token: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({ url: `${base}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } }),
    ],
  });
}

/**
 * A subscription client whose instance can be switched, as a load balancer switches when an instance dies: every
 * new connection of the subscription (the link's own, and EventSource's reconnects, which keep the
 * URL they started with) goes to `target()` at the time it is made.
 */
export function liveClient(target: () => string, token: string) {
  const authorization = `Bearer ${token}`;
  return createTRPCClient<AppRouter>({
    links: [
      httpSubscriptionLink({
        url: () => `${target()}/api/trpc`,
        transformer: superjson,
        EventSource,
        eventSourceOptions: {
          fetch: (url, init) => {
            const routed = new URL(url);
            routed.host = new URL(target()).host;
            return fetch(routed, { ...init, headers: { ...init.headers, authorization } });
          },
        },
      }),
    ],
  });
}

export type LiveClient = ReturnType<typeof liveClient>;

/** A message, when it came, and on which of the subscription's connections (1 for the first). */
export type Received = { id: string | null; message: LiveMessage; at: number; connection: number };

export type Follower = {
  readonly received: Received[];
  /** The change messages received, in arrival order. */
  changes(): LiveChange[];
  /** The error that ended the subscription, if one did. */
  readonly error: TRPCClientError<AppRouter> | null;
  /** Connections opened (one per stream: the first, each rotation, each reconnect). */
  readonly connections: number;
  /** Errors the link reported while reconnecting (SERVICE_UNAVAILABLE on shutdown, network errors). */
  readonly reconnectErrors: string[];
  readonly completed: boolean;
  /** Resolves when `check` holds, polling; rejects with `what` and the received kinds after `timeoutMs`. */
  until(check: (f: Follower) => boolean, what: string, timeoutMs?: number): Promise<void>;
  stop(): void;
};

export function codeOf(error: unknown): string | null {
  return error instanceof TRPCClientError ? ((error.data as { code?: string } | undefined)?.code ?? null) : null;
}

/** Subscribes to live.project and records everything that comes back. */
export function follow(client: LiveClient, input: LiveProjectInput): Follower {
  const received: Received[] = [];
  const reconnectErrors: string[] = [];
  let error: TRPCClientError<AppRouter> | null = null;
  let connections = 0;
  let completed = false;
  const subscription = client.live.project.subscribe(input, {
    onStarted: () => connections++,
    onData: (value) => {
      const { id, data } = value as unknown as { id?: string; data: LiveMessage };
      received.push({ id: id ?? null, message: data, at: Date.now(), connection: connections });
    },
    onError: (err) => (error = err),
    onComplete: () => (completed = true),
    onConnectionStateChange: (state) => {
      if (state.state === "connecting" && state.error) {
        reconnectErrors.push(codeOf(state.error) ?? state.error.message);
      }
    },
  });
  const follower: Follower = {
    received,
    changes: () => received.flatMap((r) => (r.message.type === "change" ? [r.message] : [])),
    get error() {
      return error;
    },
    get connections() {
      return connections;
    },
    get reconnectErrors() {
      return reconnectErrors;
    },
    get completed() {
      return completed;
    },
    async until(check, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check(follower)) {
        if (Date.now() > deadline) {
          const seen = received.map((r) =>
            r.message.type === "change" ? `${r.message.seq}:${r.message.kind}` : r.message.type,
          );
          throw new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; received [${seen.join(", ")}]` +
              (error ? `; error ${codeOf(error) ?? ""} ${(error as Error).message}` : ""),
          );
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    stop: () => subscription.unsubscribe(),
  };
  return follower;
}
