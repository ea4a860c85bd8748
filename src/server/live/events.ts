import { AsyncLocalStorage } from "node:async_hooks";
import { Prisma } from "~/generated/prisma/client";
import type { LiveChange, LiveEventKind } from "~/lib/live";
import { sqlRows, type Db } from "~/server/db";

type Tx = Prisma.TransactionClient;

// Live updates start here: every change a project member sees is written as an event in the
// transaction of the change, numbered in one gapless sequence per project. The sequence's head row is
// taken last in the transaction and held until commit, so a reader who has seen event n and finds
// n + 1 has missed nothing, and numbers follow commit order. (A head taken early, or the projects row
// that createTask locks first, would deadlock against the board's column locks.)

export type EventInput = {
  projectId: string;
  kind: LiveEventKind;
  taskId?: string | null;
  entityId?: string | null;
  version?: number | null;
  fields?: readonly string[];
  actorId: string | null;
};

type WriteScope = { origin: string | null; rings: Map<string, number>; afterCommit: (() => Promise<unknown>)[] };

// One call's writes: who made them (the browser tab, to skip its own echo) and which projects have new
// events to announce once the call has committed.
const scope = new AsyncLocalStorage<WriteScope>();

export async function withEventScope<T>(
  origin: string | null,
  run: () => Promise<T>,
): Promise<{ result: T; rings: Map<string, number>; afterCommit: (() => Promise<unknown>)[] }> {
  const current: WriteScope = { origin, rings: new Map(), afterCommit: [] };
  const result = await scope.run(current, run);
  return { result, rings: current.rings, afterCommit: current.afterCommit };
}

/**
 * Work to start once the call has committed (after its answer is on its way). Answers false outside a
 * call (jobs, scripts), where nothing runs it: the caller leaves such work to its own backstop.
 */
export function afterCommit(task: () => Promise<unknown>): boolean {
  const current = scope.getStore();
  if (!current) return false;
  current.afterCommit.push(task);
  return true;
}

function noteRing(projectId: string, seq: number) {
  const rings = scope.getStore()?.rings;
  if (rings && (rings.get(projectId) ?? 0) < seq) rings.set(projectId, seq);
}

/**
 * Asks for `channel` (a person's inbox) to be rung once the call commits. Outside a call (cron jobs)
 * nothing is noted: the caller rings `doorbell()` itself after committing.
 */
export function noteChannelRing(channel: string): void {
  const rings = scope.getStore()?.rings;
  if (rings && !rings.has(channel)) rings.set(channel, 0);
}

/** Writes the events, a project at a time in id order (the lock order every writer keeps). Call last. */
export async function recordEvents(tx: Tx, events: readonly EventInput[]): Promise<void> {
  if (events.length === 0) return;
  const origin = scope.getStore()?.origin ?? null;
  const byProject = new Map<string, EventInput[]>();
  for (const event of events) byProject.set(event.projectId, [...(byProject.get(event.projectId) ?? []), event]);
  for (const projectId of [...byProject.keys()].sort()) {
    const list = byProject.get(projectId)!;
    const rows = await tx.$queryRaw<{ seq: number }[]>`
      WITH head AS (
        INSERT INTO event_heads (project_id, seq) VALUES (${projectId}, ${list.length})
        ON CONFLICT (project_id) DO UPDATE SET seq = event_heads.seq + ${list.length}
        RETURNING seq
      )
      INSERT INTO project_events (project_id, seq, kind, task_id, entity_id, version, fields, actor_id, origin)
      SELECT ${projectId}, head.seq - ${list.length} + e.n, e.kind, e.task_id, e.entity_id, e.version,
             string_to_array(e.fields, ','), e.actor_id, ${origin}
      FROM head, unnest(
        ${list.map((e) => e.kind)}::text[],
        ${list.map((e) => e.taskId ?? null)}::text[],
        ${list.map((e) => e.entityId ?? null)}::text[],
        ${list.map((e) => e.version ?? null)}::int[],
        ${list.map((e) => (e.fields ?? []).join(","))}::text[],
        ${list.map((e) => e.actorId)}::text[]
      ) WITH ORDINALITY AS e(kind, task_id, entity_id, version, fields, actor_id, n)
      RETURNING seq`;
    noteRing(projectId, Math.max(...rows.map((r) => r.seq)));
  }
}

/** One event in every project of a workspace (labels and memberships are the workspace's). Call last. */
export async function recordWorkspaceEvent(
  tx: Tx,
  workspaceId: string,
  event: Omit<EventInput, "projectId" | "taskId" | "version">,
): Promise<void> {
  const origin = scope.getStore()?.origin ?? null;
  const rows = await tx.$queryRaw<{ project_id: string; seq: number }[]>`
    WITH head AS (
      INSERT INTO event_heads (project_id, seq)
      SELECT id, 1 FROM projects WHERE workspace_id = ${workspaceId} ORDER BY id
      ON CONFLICT (project_id) DO UPDATE SET seq = event_heads.seq + 1
      RETURNING project_id, seq
    )
    INSERT INTO project_events (project_id, seq, kind, entity_id, fields, actor_id, origin)
    SELECT project_id, seq, ${event.kind}, ${event.entityId ?? null}, ${[...(event.fields ?? [])]}::text[],
           ${event.actorId}, ${origin}
    FROM head
    RETURNING project_id, seq`;
  for (const row of rows) noteRing(row.project_id, row.seq);
}

type EventRow = {
  project_id: string;
  seq: number;
  kind: LiveEventKind;
  task_id: string | null;
  entity_id: string | null;
  version: number | null;
  fields: string[] | null;
  actor_id: string | null;
  actor_name: string | null;
  origin: string | null;
  created_at: Date;
};

const toChange = (row: EventRow): LiveChange => ({
  type: "change",
  seq: row.seq,
  projectId: row.project_id,
  kind: row.kind,
  taskId: row.task_id,
  entityId: row.entity_id,
  version: row.version,
  fields: row.fields ?? [],
  actor: row.actor_id ? { id: row.actor_id, name: row.actor_name } : null,
  origin: row.origin,
  at: row.created_at,
});

/** Events after `afterSeq`, oldest first, at most `limit`. */
export async function readEvents(db: Db, projectId: string, afterSeq: number, limit: number): Promise<LiveChange[]> {
  const rows = await sqlRows<EventRow>(
    db,
    Prisma.sql`SELECT e.project_id, e.seq, e.kind, e.task_id, e.entity_id, e.version, e.fields, e.actor_id,
                      u.name AS actor_name, e.origin, e.created_at
               FROM project_events e LEFT JOIN users u ON u.id = e.actor_id
               WHERE e.project_id = ${projectId} AND e.seq > ${afterSeq}
               ORDER BY e.seq LIMIT ${limit}`,
    { name: "live-events" },
  );
  return rows.map(toChange);
}

/** The project's latest sequence number (0 before its first event). */
export async function eventHead(db: Db, projectId: string): Promise<number> {
  const [row] = await sqlRows<{ seq: number }>(
    db,
    Prisma.sql`SELECT seq FROM event_heads WHERE project_id = ${projectId}`,
    { name: "live-head" },
  );
  return row?.seq ?? 0;
}

/** Deletes events older than the cutoff (the heads stay: numbering never restarts). */
export async function pruneEvents(db: Db, olderThan: Date): Promise<number> {
  return db.projectEvent.deleteMany({ where: { createdAt: { lt: olderThan } } }).then((r) => r.count);
}
