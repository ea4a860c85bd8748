import { randomBytes } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { logger } from "~/server/logger";
import { getRedis } from "~/server/redis";

/**
 * Tells instances that a project has new events. The event table is the source of truth; a ring only
 * makes delivery fast. Rings may be lost (Redis away, a stream cut) and may repeat (a ring reaches
 * this process's listeners directly and again through Redis), so a listener compares the seq with
 * what it has read and reads the table when the seq is ahead, and polls besides.
 *
 * `onRing(0)` means "rings may have been missed: read the table". The Redis doorbell sends it each
 * time a project's upstream subscription becomes live (the first time and after every
 * resubscription) to the listeners it has then. A listener added to a subscription already live
 * gets no 0: it reads the table after listen() returns. The local doorbell never sends 0 of its own.
 * `ring(projectId, 0)` sends the same "look again" to every instance (something changed that has no seq).
 */
export type Doorbell = {
  /** Tells every instance (this one included) that `projectId` has events up to `seq`. Never throws. */
  ring(projectId: string, seq: number): Promise<void>;
  /** Calls `onRing(seq)` for every ring of `projectId` until the returned function is called. One shared
   * upstream subscription per project per process, reference-counted over listeners. */
  listen(projectId: string, onRing: (seq: number) => void): () => void;
  /** Ends every upstream subscription (shutdown, tests). Listeners are dropped; the doorbell may be used again. */
  close(): Promise<void>;
};

type Listener = (seq: number) => void;

export const CHECK_THE_TABLE = 0;
const PROBE_INTERVAL_MS = 15_000;
const PROBE_TIMEOUT_MS = 5_000;
const RETRY_BASE_MS = 100;

// Project ids are cuids. The SDK puts the channel in the URL path unescaped and splits stream lines
// on commas, so anything else is refused rather than sent.
const PROJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const channelOf = (projectId: string) => `tm:live:${projectId}`;

const isSeq = (seq: unknown): seq is number => Number.isSafeInteger(seq) && (seq as number) >= 0;

function call(listeners: Iterable<Listener>, seq: number, projectId: string) {
  // A copy: a listener may stop listening (or add another) while being called.
  for (const listener of [...listeners]) {
    try {
      listener(seq);
    } catch (error) {
      logger.error({ err: error, projectId }, "live doorbell: a listener threw");
    }
  }
}

function checkProjectId(projectId: string) {
  if (!PROJECT_ID.test(projectId)) throw new Error(`live doorbell: not a project id: ${JSON.stringify(projectId)}`);
}

export function createLocalDoorbell(): Doorbell {
  const projects = new Map<string, Set<Listener>>();
  return {
    ring(projectId, seq) {
      const listeners = projects.get(projectId);
      if (listeners && isSeq(seq)) call(listeners, seq, projectId);
      return Promise.resolve();
    },
    listen(projectId, onRing) {
      checkProjectId(projectId);
      let listeners = projects.get(projectId);
      if (!listeners) projects.set(projectId, (listeners = new Set()));
      // A wrapper, so the same function given twice is two listeners, each with its own unlisten.
      const entry: Listener = (seq) => onRing(seq);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
        if (listeners.size === 0 && projects.get(projectId) === listeners) projects.delete(projectId);
      };
    },
    close() {
      projects.clear();
      return Promise.resolve();
    },
  };
}

type Subscriber = ReturnType<Redis["subscribe"]>;

// One upstream subscription of this process, shared by the project's listeners.
type Channel = {
  projectId: string;
  name: string;
  listeners: Set<Listener>;
  subscriber: Subscriber | null;
  live: boolean;
  // Consecutive failed subscriptions, for the backoff; reset when a probe comes back.
  failures: number;
  probeTimer?: NodeJS.Timeout;
  deadline?: NodeJS.Timeout;
  retryTimer?: NodeJS.Timeout;
  probe: string | null;
  probeCount: number;
};

/**
 * The doorbell between instances: PUBLISH of the seq on `tm:live:<projectId>`, one SDK subscribe
 * stream per watched project. The SDK's stream goes silent when the HTTP response ends (no error, no
 * reconnect), so each instance publishes a probe on every channel it watches each `probeIntervalMs`
 * and resubscribes (with backoff) when the probe is not back within `probeTimeoutMs`, when the
 * subscription is not confirmed in that time, or on an "error".
 *
 * One client serves both: the SDK gives a subscribe request its own abort signal in place of the
 * client's per-command timeout, so the 500 ms signal of `getRedis()` bounds PUBLISH and never the stream.
 */
export function createRedisDoorbell(
  redis: Redis,
  options: { probeIntervalMs?: number; probeTimeoutMs?: number } = {},
): Doorbell {
  const probeIntervalMs = options.probeIntervalMs ?? PROBE_INTERVAL_MS;
  const probeTimeoutMs = options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  const maxRetryMs = Math.max(RETRY_BASE_MS, 2 * probeIntervalMs);
  const instance = randomBytes(6).toString("hex");
  const channels = new Map<string, Channel>();
  const pending = new Set<Promise<void>>();

  // Publishes never reject: a failure is logged and the table (through the feed's poll) repairs it.
  function publish(channel: Channel | { name: string; projectId: string }, message: string): Promise<void> {
    const sent = redis
      .publish(channel.name, message)
      .then(() => undefined)
      .catch((error: unknown) => {
        logger.warn({ err: error, projectId: channel.projectId }, "live doorbell: PUBLISH failed");
      })
      .finally(() => pending.delete(sent));
    pending.add(sent);
    return sent;
  }

  function clearTimers(channel: Channel) {
    clearInterval(channel.probeTimer);
    clearTimeout(channel.deadline);
    clearTimeout(channel.retryTimer);
    channel.probeTimer = channel.deadline = channel.retryTimer = undefined;
  }

  function drop(channel: Channel) {
    clearTimers(channel);
    const subscriber = channel.subscriber;
    channel.subscriber = null;
    channel.live = false;
    channel.probe = null;
    if (subscriber) {
      const ended = subscriber
        .unsubscribe()
        .catch(() => undefined)
        .finally(() => pending.delete(ended));
      pending.add(ended);
    }
  }

  function startDeadline(channel: Channel, what: string) {
    clearTimeout(channel.deadline);
    channel.deadline = setTimeout(
      () => resubscribe(channel, `${what} not back within ${probeTimeoutMs} ms`),
      probeTimeoutMs,
    );
    channel.deadline.unref();
  }

  function resubscribe(channel: Channel, reason: string) {
    if (channels.get(channel.projectId) !== channel || channel.retryTimer) return;
    drop(channel);
    const delay = Math.min(maxRetryMs, RETRY_BASE_MS * 2 ** Math.min(channel.failures, 20));
    channel.failures++;
    // Jitter, so instances cut together do not come back together.
    const wait = Math.round(delay * (0.5 + Math.random() / 2));
    logger.warn({ projectId: channel.projectId, reason, retryInMs: wait }, "live doorbell: resubscribing");
    channel.retryTimer = setTimeout(() => {
      channel.retryTimer = undefined;
      subscribe(channel);
    }, wait);
    channel.retryTimer.unref();
  }

  function sendProbe(channel: Channel) {
    // A probe still out is already timed by its deadline.
    if (!channel.live || channel.probe !== null) return;
    channel.probe = `probe:${instance}:${++channel.probeCount}`;
    startDeadline(channel, "probe");
    void publish(channel, channel.probe);
  }

  function onMessage(channel: Channel, message: unknown) {
    if (typeof message === "string" && message.startsWith("probe:")) {
      if (message === channel.probe) {
        channel.probe = null;
        channel.failures = 0;
        clearTimeout(channel.deadline);
      }
      return;
    }
    // Without automaticDeserialization: false, the SDK hands over "42" as the number 42.
    const seq =
      typeof message === "number"
        ? message
        : typeof message === "string" && /^\d+$/.test(message)
          ? Number(message)
          : NaN;
    if (isSeq(seq)) call(channel.listeners, seq, channel.projectId);
  }

  function subscribe(channel: Channel) {
    let subscriber: Subscriber;
    try {
      subscriber = redis.subscribe<unknown>(channel.name);
    } catch (error) {
      resubscribe(channel, error instanceof Error ? error.message : String(error));
      return;
    }
    channel.subscriber = subscriber;
    const current = () => channel.subscriber === subscriber;
    subscriber.on("subscribe", () => {
      if (!current() || channel.live) return;
      clearTimeout(channel.deadline);
      channel.live = true;
      channel.probeTimer = setInterval(() => sendProbe(channel), probeIntervalMs);
      channel.probeTimer.unref();
      call(channel.listeners, CHECK_THE_TABLE, channel.projectId);
    });
    subscriber.on("message", ({ message }) => {
      if (current()) onMessage(channel, message);
    });
    subscriber.on("error", (error) => {
      if (current()) resubscribe(channel, error.message);
    });
    startDeadline(channel, "subscription");
  }

  return {
    ring(projectId, seq) {
      if (!PROJECT_ID.test(projectId) || !isSeq(seq)) {
        logger.warn({ projectId, seq }, "live doorbell: ring ignored (not a project id or seq)");
        return Promise.resolve();
      }
      const channel = channels.get(projectId);
      if (channel) call(channel.listeners, seq, projectId);
      return publish({ name: channelOf(projectId), projectId }, String(seq));
    },

    listen(projectId, onRing) {
      checkProjectId(projectId);
      let channel = channels.get(projectId);
      if (!channel) {
        channel = {
          projectId,
          name: channelOf(projectId),
          listeners: new Set(),
          subscriber: null,
          live: false,
          failures: 0,
          probe: null,
          probeCount: 0,
        };
        channels.set(projectId, channel);
        subscribe(channel);
      }
      const entry: Listener = (seq) => onRing(seq);
      const own = channel;
      own.listeners.add(entry);
      return () => {
        if (!own.listeners.delete(entry) || own.listeners.size > 0) return;
        if (channels.get(projectId) === own) channels.delete(projectId);
        drop(own);
      };
    },

    async close() {
      for (const channel of channels.values()) drop(channel);
      channels.clear();
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

let override: Doorbell | null = null;
let fallback: Doorbell | undefined;

/** This process's doorbell: through Redis when one is configured, else in process only. */
export function doorbell(): Doorbell {
  if (override) return override;
  if (!fallback) {
    const redis = getRedis();
    fallback = redis ? createRedisDoorbell(redis) : createLocalDoorbell();
  }
  return fallback;
}

/** Replaces the process's doorbell (tests, benchmarks); null goes back to the default. */
export function setDoorbell(bell: Doorbell | null): void {
  override = bell;
}
