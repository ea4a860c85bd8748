import { randomBytes } from "node:crypto";
import { env } from "~/env.mjs";
import type { LiveViewer } from "~/lib/live";
import { logger } from "~/server/logger";
import { getRedis } from "~/server/redis";

// Who has a project open, across instances. Each instance keeps its own viewers in memory and writes
// them as one field of the project's hash in Redis (`tm:presence:<projectId>`, field = instance id),
// stamped with an expiry it renews while it has viewers; readers merge every live field. An instance
// that dies stops renewing, and its viewers drop out within PRESENCE_TTL_MS. Without Redis the
// instance's own viewers are all there is.

// Renewed every LIVE_POLL_SECONDS; three missed renewals and the instance's viewers are gone.
export const PRESENCE_TTL_MS = Math.max(45_000, env.LIVE_POLL_SECONDS * 3_000);
const INSTANCE = randomBytes(6).toString("base64url");
const key = (projectId: string) => `tm:presence:${projectId}`;

type Entry = { userId: string; name: string | null; view: string };
type Field = { exp: number; viewers: LiveViewer[] };

const local = new Map<string, Map<number, Entry>>();
/** Projects this instance has a field for in Redis: only those need deleting when their viewers leave. */
const published = new Set<string>();
let nextId = 1;

function localViewers(projectId: string): LiveViewer[] {
  const seen = new Map<string, LiveViewer>();
  for (const entry of local.get(projectId)?.values() ?? []) seen.set(`${entry.userId} ${entry.view}`, { ...entry });
  return [...seen.values()];
}

/** Writes this instance's viewers of the project to Redis (or removes its field when none are left). */
export async function publishPresence(projectId: string): Promise<void> {
  const client = getRedis();
  if (!client) return;
  const viewers = localViewers(projectId);
  if (viewers.length === 0 && !published.has(projectId)) return;
  try {
    if (viewers.length === 0) {
      await client.hdel(key(projectId), INSTANCE);
      published.delete(projectId);
    } else {
      published.add(projectId);
      const field: Field = { exp: Date.now() + PRESENCE_TTL_MS, viewers };
      const pipeline = client.pipeline();
      pipeline.hset(key(projectId), { [INSTANCE]: JSON.stringify(field) });
      pipeline.pexpire(key(projectId), PRESENCE_TTL_MS * 2);
      await pipeline.exec();
    }
  } catch (error) {
    logger.debug({ err: error, projectId }, "presence write failed");
  }
}

/** Adds a viewer; answers the function that removes them. */
export function addViewer(projectId: string, entry: Entry): () => void {
  const id = nextId++;
  const entries = local.get(projectId) ?? new Map<number, Entry>();
  local.set(projectId, entries);
  entries.set(id, entry);
  return () => {
    entries.delete(id);
    if (entries.size === 0) local.delete(projectId);
  };
}

/** Everyone viewing the project, on every instance, sorted by name. */
export async function readPresence(projectId: string): Promise<LiveViewer[]> {
  const all = new Map<string, LiveViewer>();
  const add = (viewer: LiveViewer) => all.set(`${viewer.userId} ${viewer.view}`, viewer);
  const client = getRedis();
  if (client) {
    try {
      const fields = (await client.hgetall<Record<string, string>>(key(projectId))) ?? {};
      const now = Date.now();
      for (const [instance, raw] of Object.entries(fields)) {
        if (instance === INSTANCE) continue;
        const field = (typeof raw === "string" ? JSON.parse(raw) : raw) as Field;
        if (field.exp > now) field.viewers.forEach(add);
      }
    } catch (error) {
      logger.debug({ err: error, projectId }, "presence read failed; showing this instance's viewers");
    }
  }
  localViewers(projectId).forEach(add);
  return [...all.values()].sort(
    (a, b) =>
      (a.name ?? "").localeCompare(b.name ?? "") || a.view.localeCompare(b.view) || a.userId.localeCompare(b.userId),
  );
}
