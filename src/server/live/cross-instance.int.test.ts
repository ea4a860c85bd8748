import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { embeddedDatabase } from "../../../tests/db-admin";
import { requireRedis, REDIS_URL } from "../../../tests/redis";
import type { Cluster, Instance } from "../../../tests/live/cluster";
import type { ApiClient, Follower } from "../../../tests/live/client";

// Live updates between two app instances run as separate processes (`npm start`'s request listener)
// on this file's database and one Redis through the Upstash REST bridge, each instance behind a proxy
// that can lose its PUBLISH commands. A program's typed client (httpSubscriptionLink + eventsource,
// personal token) subscribes on one instance while changes are written through the other; each test
// checks what arrived against the rows of the event table. Two such pairs: one whose streams rotate
// every 2 s (resumption runs all the time), and one whose streams stay open, where a change can only
// arrive through the doorbell or the instance's poll of the table (every second in both).

const redis = await requireRedis();
const embedded = embeddedDatabase();
if (redis && embedded) {
  console.warn("Skipping cross-instance live tests: two processes need a PostgreSQL server, not the embedded one.");
}
const enabled = redis && !embedded;

const { Prisma } = await import("~/generated/prisma/client");
const { db } = await import("~/server/db");
const { createApiToken } = await import("~/server/auth/api-tokens");
const { callerFor, makeTeam, makeUser, unique } = await import("../../../tests/fixtures");
const { startCluster } = await import("../../../tests/live/cluster");
const { SHUTDOWN_GRACE_MS } = await import("~/server/http/shutdown");
const { apiClient, codeOf, follow, liveClient } = await import("../../../tests/live/client");

type Team = Awaited<ReturnType<typeof makeTeam>>;

const clusters: Cluster[] = [];
// Streams rotating every 2 s.
let A: Instance;
let B: Instance;
// Streams that outlast every test.
let steadyA: Instance;
let steadyB: Instance;
let team: Team;
const tokens = new Map<string, string>();
const followers: Follower[] = [];
let projects = 0;

async function tokenOf(user: { id: string }): Promise<string> {
  let token = tokens.get(user.id);
  if (!token) {
    token = (await createApiToken(db, user.id, { name: "live test", expiresAt: null })).secret;
    tokens.set(user.id, token);
  }
  return token;
}

// A project of its own for each test, so no test sees another's events.
async function newProject() {
  projects += 1;
  return callerFor(team.owner).project.create({
    workspaceId: team.workspace.id,
    name: `Live ${projects}`,
    key: `LV${projects}`,
  });
}

async function tableSeqs(projectId: string, after: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ seq: number }[]>(
    Prisma.sql`SELECT seq FROM project_events WHERE project_id = ${projectId} AND seq > ${after} ORDER BY seq`,
  );
  return rows.map((row) => Number(row.seq));
}

async function subscribe(user: { id: string }, projectId: string, target: () => string): Promise<Follower> {
  const follower = follow(liveClient(target, await tokenOf(user)), { projectId });
  followers.push(follower);
  return follower;
}

// The `ready` message's head: where a new subscription starts.
async function readyHead(follower: Follower): Promise<number> {
  await follower.until((f) => f.received.some((r) => r.message.type === "ready"), "the ready message");
  const ready = follower.received.find((r) => r.message.type === "ready")!.message;
  return ready.type === "ready" ? ready.head : NaN;
}

// The connections the changes arrived on. A reconnect replays from the table by itself, so a change
// that the doorbell or the poll failed to bring would show up on a later connection.
const connectionsOf = (follower: Follower) => [
  ...new Set(follower.received.filter((r) => r.message.type === "change").map((r) => r.connection)),
];

const lastSeq = (follower: Follower) => follower.changes().at(-1)?.seq ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Task updates one after another every `everyMs`, until stopped; every write must succeed.
function steadyWriter(api: ApiClient, task: { id: string; version: number }, everyMs: number) {
  let stopped = false;
  let version = task.version;
  let written = 0;
  const errors: unknown[] = [];
  const done = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        version = (await api.task.update.mutate({ id: task.id, version, title: `Edit ${written + 1}` })).version;
        written++;
      } catch (error) {
        errors.push(error);
        if (errors.length > 5) return;
      }
      await sleep(Math.max(0, everyMs - (Date.now() - started)));
    }
  })();
  return {
    get written() {
      return written;
    },
    async stop() {
      stopped = true;
      await done;
      return { written, errors };
    },
  };
}

// Everything the table holds after `from` arrived, once each and in order, each with its seq as its id.
async function expectExactlyOnce(follower: Follower, projectId: string, from: number) {
  const table = await tableSeqs(projectId, from);
  expect(table.length).toBeGreaterThan(0);
  await follower.until((f) => lastSeq(f) >= table.at(-1)!, `seq ${table.at(-1)}`);
  expect(follower.changes().map((c) => c.seq)).toEqual(table);
  const tracked = follower.received.filter((r) => r.message.type === "change");
  expect(tracked.every((r) => r.message.type === "change" && r.id === String(r.message.seq))).toBe(true);
}

beforeAll(async () => {
  if (!enabled) return;
  team = await makeTeam();
  const start = (streamSeconds: string) =>
    startCluster({
      databaseUrl: process.env.DATABASE_URL!,
      redisUrl: REDIS_URL,
      env: { LIVE_STREAM_SECONDS: streamSeconds, LIVE_POLL_SECONDS: "1" },
    }).then((cluster) => (clusters.push(cluster), cluster.instances as [Instance, Instance]));
  [[A, B], [steadyA, steadyB]] = await Promise.all([start("2"), start("300")]);
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    for (const [i, cluster] of clusters.entries()) {
      for (const instance of cluster.instances)
        console.log(`cluster ${i} instance ${instance.name}:\n${instance.output()}`);
    }
  });
});

// A test's subscriptions end with it: a stream left open would follow its instance into the next test.
afterEach(() => {
  for (const follower of followers.splice(0)) follower.stop();
});

afterAll(async () => {
  await Promise.all(clusters.map((cluster) => cluster.stop()));
});

describe.skipIf(!enabled)("live updates across two instances, streams rotating every 2 s", () => {
  it("delivers changes written through A to a subscriber on B, in order, with kind, task, version and actor", async () => {
    const project = await newProject();
    const follower = await subscribe(team.member, project.id, () => B.url);
    const head = await readyHead(follower);
    expect(head).toBe(0);

    const api = apiClient(A.url, await tokenOf(team.owner));
    const task = await api.task.create.mutate({ projectId: project.id, title: "Seen from B" });
    const updated = await api.task.update.mutate({ id: task.id, version: task.version, title: "Renamed" });
    const moved = await api.task.move.mutate({ id: task.id, status: "IN_PROGRESS", version: updated.version });
    const comment = await api.comment.add.mutate({ taskId: task.id, body: "A comment" });

    await follower.until((f) => f.changes().length >= 4, "four changes");
    const changes = follower.changes();
    expect(changes.map((c) => [c.seq, c.kind, c.taskId])).toEqual([
      [1, "task.created", task.id],
      [2, "task.updated", task.id],
      [3, "task.moved", task.id],
      [4, "comment.added", task.id],
    ]);
    expect(changes.slice(0, 3).map((c) => c.version)).toEqual([task.version, updated.version, moved.version]);
    expect(updated.version).toBe(task.version + 1);
    expect(changes[3]!.entityId).toBe(comment.id);
    expect(changes[1]!.fields).toContain("title");
    expect(changes[2]!.fields).toContain("status");
    for (const change of changes) {
      expect(change.projectId).toBe(project.id);
      expect(change.actor?.id).toBe(team.owner.id);
      expect(change.at).toBeInstanceOf(Date);
    }
    await expectExactlyOnce(follower, project.id, head);
  });

  it("sees every change exactly once across stream rotations every 2 s while changes are written steadily", async () => {
    const project = await newProject();
    const api = apiClient(A.url, await tokenOf(team.owner));
    const task = await api.task.create.mutate({ projectId: project.id, title: "Busy task" });
    const follower = await subscribe(team.member, project.id, () => B.url);
    const head = await readyHead(follower);

    // A stream lasts 2 s and EventSource reconnects 3 s after it ends: three rotations take ~15 s.
    const writer = steadyWriter(api, task, 120);
    await follower.until((f) => f.connections >= 4, "three rotations", 25_000);
    await sleep(500);
    const { written, errors } = await writer.stop();
    expect(errors).toEqual([]);
    expect(written).toBeGreaterThan(60);

    await expectExactlyOnce(follower, project.id, head);
    expect(follower.changes()).toHaveLength(written);
    // The first stream and at least three rotations, each resumed from the last id.
    expect(follower.connections).toBeGreaterThanOrEqual(4);
    const versions = follower.changes().map((c) => c.version);
    expect(versions).toEqual(versions.map((_, i) => task.version + 1 + i));
    expect(follower.error).toBeNull();
  });

  it("resumes on A without gap or duplicate when B is killed mid-stream", async () => {
    const project = await newProject();
    const api = apiClient(A.url, await tokenOf(team.owner));
    const task = await api.task.create.mutate({ projectId: project.id, title: "Survivor" });
    let target = B.url;
    const follower = await subscribe(team.member, project.id, () => target);
    const head = await readyHead(follower);

    const writer = steadyWriter(api, task, 100);
    await follower.until((f) => f.changes().length >= 5, "five changes on B");
    const exit = await B.kill("SIGKILL");
    expect(exit.signal).toBe("SIGKILL");
    // The load balancer now sends every new connection to A.
    target = A.url;
    const atKill = follower.changes().length;
    await follower.until((f) => f.changes().length >= atKill + 10, "ten more changes on A", 20_000);
    const { errors } = await writer.stop();
    expect(errors).toEqual([]);
    await expectExactlyOnce(follower, project.id, head);
    expect(follower.error).toBeNull();
  });

  it("on SIGTERM, ends open streams at once with a retryable error, and the client resumes on the other instance", async () => {
    // B was killed by the test before (when it ran).
    if (!B.running) await B.start();
    const project = await newProject();
    const api = apiClient(B.url, await tokenOf(team.owner));
    const task = await api.task.create.mutate({ projectId: project.id, title: "Drained" });
    let target = A.url;
    const follower = await subscribe(team.member, project.id, () => target);
    const head = await readyHead(follower);

    const writer = steadyWriter(api, task, 100);
    await follower.until((f) => f.changes().length >= 5, "five changes on A");
    target = B.url;
    const exit = await A.kill("SIGTERM");
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(SHUTDOWN_GRACE_MS);
    const atStop = follower.changes().length;
    await follower.until((f) => f.changes().length >= atStop + 10, "ten more changes on B", 20_000);
    const { errors } = await writer.stop();
    expect(errors).toEqual([]);
    await expectExactlyOnce(follower, project.id, head);
    expect(follower.reconnectErrors).toContain("SERVICE_UNAVAILABLE");
    expect(follower.error).toBeNull();
  });
});

describe.skipIf(!enabled)("live updates across two instances, streams staying open", () => {
  it("repairs from the table when A's publishes are lost", async () => {
    const project = await newProject();
    const api = apiClient(steadyA.url, await tokenOf(team.owner));
    const task = await api.task.create.mutate({ projectId: project.id, title: "Quiet task" });
    const follower = await subscribe(team.member, project.id, () => steadyB.url);
    const head = await readyHead(follower);

    const proxy = steadyA.proxy!;
    const droppedBefore = proxy.dropped;
    proxy.dropPublishes = true;
    try {
      let version = task.version;
      for (let i = 0; i < 3; i++) {
        version = (await api.task.update.mutate({ id: task.id, version, title: `Unannounced ${i}` })).version;
      }
      await expectExactlyOnce(follower, project.id, head);
      expect(follower.changes()).toHaveLength(3);
      // Read by B's poll on the one stream there was.
      expect(connectionsOf(follower)).toEqual([1]);
      expect(follower.connections).toBe(1);
      // The doorbell really went through the proxy and was lost.
      expect(proxy.dropped - droppedBefore).toBeGreaterThanOrEqual(3);
    } finally {
      proxy.dropPublishes = false;
    }
  });

  it("keeps delivering to B after the bridge cuts every subscribe stream", async () => {
    const project = await newProject();
    const api = apiClient(steadyA.url, await tokenOf(team.owner));
    const task = await api.task.create.mutate({ projectId: project.id, title: "Cut task" });
    const follower = await subscribe(team.member, project.id, () => steadyB.url);
    const head = await readyHead(follower);
    // B's upstream subscription for the project is open before it is cut.
    await follower.until(() => steadyB.proxy!.openStreams > 0, "B's subscribe stream");

    clusters[1]!.bridge.cutStreams();
    let version = task.version;
    for (let i = 0; i < 3; i++) {
      version = (await api.task.update.mutate({ id: task.id, version, title: `After the cut ${i}` })).version;
    }
    await expectExactlyOnce(follower, project.id, head);
    expect(follower.changes()).toHaveLength(3);
    expect(connectionsOf(follower)).toEqual([1]);
    expect(follower.connections).toBe(1);
  });

  it("ends a removed member's subscription on B with FORBIDDEN and sends them nothing after it", async () => {
    const project = await newProject();
    const leaver = await makeUser("Leaver");
    await db.membership.create({ data: { workspaceId: team.workspace.id, userId: leaver.id, role: "MEMBER" } });
    const api = apiClient(steadyA.url, await tokenOf(team.owner));
    const task = await api.task.create.mutate({ projectId: project.id, title: "Before and after" });
    const leaving = await subscribe(leaver, project.id, () => steadyB.url);
    const staying = await subscribe(team.member, project.id, () => steadyB.url);
    await readyHead(leaving);
    await readyHead(staying);

    const before = await api.task.update.mutate({ id: task.id, version: task.version, title: "Still a member" });
    await leaving.until((f) => f.changes().length === 1, "the change before the removal");

    const admin = apiClient(steadyA.url, await tokenOf(team.admin));
    await admin.workspace.removeMember.mutate({ workspaceId: team.workspace.id, userId: leaver.id });
    await leaving.until((f) => f.error !== null, "the subscription to end");
    expect(codeOf(leaving.error)).toBe("FORBIDDEN");

    await api.task.update.mutate({ id: task.id, version: before.version, title: "After the removal" });
    await staying.until((f) => f.changes().some((c) => c.version === before.version + 1), "the change after removal");
    const removal = staying.changes().find((c) => c.kind === "member.removed");
    expect(removal?.entityId).toBe(leaver.id);
    // The poll (every second) has had its chance to send anything more, and the client to reconnect.
    await sleep(1_500);
    expect(leaving.changes().map((c) => [c.kind, c.version])).toEqual([["task.updated", before.version]]);
    expect(leaving.connections).toBe(1);
  });

  it("answers NOT_FOUND to a user of another workspace", async () => {
    const project = await newProject();
    const other = await makeTeam();
    const stranger = await subscribe(other.owner, project.id, () => steadyB.url);
    await stranger.until((f) => f.error !== null, "the refusal");
    expect(codeOf(stranger.error)).toBe("NOT_FOUND");
    expect(stranger.received).toEqual([]);
    // The same for a project id that does not exist.
    const nowhere = await subscribe(other.owner, unique("nope"), () => steadyB.url);
    await nowhere.until((f) => f.error !== null, "the refusal");
    expect(codeOf(nowhere.error)).toBe("NOT_FOUND");
  });
});
