import { env } from "~/env.mjs";
import type { LiveChange, LiveViewer } from "~/lib/live";
import type { Db } from "~/server/db";
import { logger } from "~/server/logger";
import { doorbell } from "./doorbell";
import { eventHead, readEvents } from "./events";
import { publishPresence, readPresence } from "./presence";

// One feed per watched project per process, shared by every subscriber of that project here: it
// reads new events from the table once per doorbell ring (or poll), keeps the recent ones in memory,
// and wakes its subscribers, who each read from the feed at their own cursor. A thousand subscribers
// of one project cost one query per change per instance, not a thousand.

const RECENT_MAX = 2_000;
const READ_BATCH = 500;
/** A subscriber behind by more than this reads the table in pages of this size. */
const CATCH_UP_PAGE = 500;

type Feed = {
  projectId: string;
  db: Db;
  refs: number;
  /** The highest sequence number read; `recent` holds a contiguous run of events ending at it. */
  head: number;
  recent: LiveChange[];
  ready: Promise<void>;
  waiters: Set<() => void>;
  refreshing: Promise<void> | null;
  again: boolean;
  /** Bumped whenever presence may have changed, so subscribers know to read it again. */
  presenceVersion: number;
  viewers: { version: number; read: Promise<LiveViewer[]> } | null;
  stopBell: () => void;
  timer: NodeJS.Timeout;
};

const feeds = new Map<string, Feed>();
let closing = false;

function wake(feed: Feed) {
  const waiters = [...feed.waiters];
  feed.waiters.clear();
  for (const resolve of waiters) resolve();
}

// Reads everything after the feed's head; one read at a time, and one more if asked meanwhile.
function refresh(feed: Feed): Promise<void> {
  if (feed.refreshing) {
    feed.again = true;
    return feed.refreshing;
  }
  feed.refreshing = (async () => {
    try {
      do {
        feed.again = false;
        await feed.ready;
        for (;;) {
          const events = await readEvents(feed.db, feed.projectId, feed.head, READ_BATCH);
          if (events.length === 0) break;
          const contiguous = events[0]!.seq === feed.head + 1;
          feed.recent = contiguous ? feed.recent.concat(events) : events;
          if (feed.recent.length > RECENT_MAX) feed.recent = feed.recent.slice(-RECENT_MAX);
          feed.head = events[events.length - 1]!.seq;
          wake(feed);
          if (events.length < READ_BATCH) break;
        }
      } while (feed.again);
    } catch (error) {
      logger.warn(
        { err: error, projectId: feed.projectId },
        "live feed read failed; retrying at the next ring or poll",
      );
    } finally {
      feed.refreshing = null;
    }
  })();
  return feed.refreshing;
}

function openFeed(db: Db, projectId: string): Feed {
  const existing = feeds.get(projectId);
  if (existing) {
    existing.refs++;
    return existing;
  }
  const feed: Feed = {
    projectId,
    db,
    refs: 1,
    head: 0,
    recent: [],
    ready: Promise.resolve(),
    waiters: new Set(),
    refreshing: null,
    again: false,
    presenceVersion: 0,
    viewers: null,
    stopBell: () => undefined,
    timer: setInterval(() => {
      void refresh(feed);
      void publishPresence(projectId);
      feed.presenceVersion++;
      wake(feed);
    }, env.LIVE_POLL_SECONDS * 1000),
  };
  feed.timer.unref();
  feed.ready = eventHead(db, projectId).then(
    (head) => {
      feed.head = Math.max(feed.head, head);
    },
    (error: unknown) => logger.warn({ err: error, projectId }, "live feed could not read its head"),
  );
  // A ring above the head means new events; any other ring (a presence change, a resubscribed
  // upstream that may have missed rings) means "look again".
  feed.stopBell = doorbell().listen(projectId, (seq) => {
    if (seq <= feed.head) {
      feed.presenceVersion++;
      wake(feed);
    }
    void refresh(feed);
  });
  feeds.set(projectId, feed);
  return feed;
}

function closeFeed(feed: Feed) {
  if (--feed.refs > 0) return;
  feeds.delete(feed.projectId);
  clearInterval(feed.timer);
  feed.stopBell();
  wake(feed);
}

export type Batch = { events: LiveChange[]; resync: boolean };

export type FeedHandle = {
  /** The project's head when the feed is ready. */
  head(): Promise<number>;
  /** Events after `cursor`, oldest first; `resync` when some of them were pruned. */
  since(cursor: number): Promise<Batch>;
  /** Resolves on events after `seen.cursor`, a presence change, shutdown, `signal` or after `ms`. */
  wait(signal: AbortSignal, ms: number, seen: { cursor: number; presence: number }): Promise<void>;
  presenceVersion(): number;
  viewers(): Promise<LiveViewer[]>;
  /** Tells every instance that this project's viewers changed. */
  announcePresence(): Promise<void>;
  close(): void;
};

export function watchProject(db: Db, projectId: string): FeedHandle {
  const feed = openFeed(db, projectId);
  // The head may have moved since the feed last looked (a ring this instance missed).
  void refresh(feed);
  let closed = false;
  return {
    async head() {
      await feed.ready;
      return feed.head;
    },
    async since(cursor) {
      await feed.ready;
      if (cursor >= feed.head) return { events: [], resync: false };
      const first = feed.recent[0];
      if (first && first.seq <= cursor + 1) {
        return { events: feed.recent.slice(cursor + 1 - first.seq), resync: false };
      }
      // Further back than the feed remembers: from the table, a page at a time.
      const events = await readEvents(db, projectId, cursor, CATCH_UP_PAGE);
      const pruned = events.length === 0 || events[0]!.seq !== cursor + 1;
      return pruned ? { events: [], resync: true } : { events, resync: false };
    },
    wait(signal, ms, seen) {
      // Something already happened since the caller looked: no sleeping through it.
      if (closing || signal.aborted || feed.head > seen.cursor || feed.presenceVersion !== seen.presence) {
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          feed.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener("abort", done, { once: true });
        feed.waiters.add(done);
      });
    },
    presenceVersion: () => feed.presenceVersion,
    // Read once per change for all of this instance's subscribers of the project.
    viewers() {
      if (feed.viewers?.version !== feed.presenceVersion) {
        feed.viewers = { version: feed.presenceVersion, read: readPresence(projectId) };
      }
      return feed.viewers.read;
    },
    async announcePresence() {
      feed.presenceVersion++;
      wake(feed);
      await publishPresence(projectId);
      await doorbell().ring(projectId, 0);
    },
    close() {
      if (closed) return;
      closed = true;
      closeFeed(feed);
    },
  };
}

/** Rings every project a committed call wrote events to. */
export async function ringAll(rings: Map<string, number>): Promise<void> {
  const bell = doorbell();
  await Promise.all([...rings].map(([projectId, seq]) => bell.ring(projectId, seq)));
}

/** True once the process is shutting down: open streams end and clients reconnect elsewhere. */
export const isClosing = () => closing;

/** Ends every open stream (SIGTERM): each subscriber wakes, sees `isClosing()` and ends its stream. */
export function closeLiveStreams(): void {
  closing = true;
  for (const feed of feeds.values()) wake(feed);
}
