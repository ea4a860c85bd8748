import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveMessage } from "~/lib/live";
import { createCaller } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { createSession } from "~/server/auth/sessions";
import { db } from "~/server/db";
import { runNightlyCleanup } from "~/server/jobs/nightly-cleanup";
import { callerFor, codeOf, makeTeam, makeUser, sessionFor, unique, type Team } from "../../../tests/fixtures";

// The event table written with each change, and the live.project subscription reading it, in one
// process (the in-process doorbell). Across instances and over HTTP: cross-instance.int.test.ts.

type Row = { seq: number; kind: string; taskId: string | null; entityId: string | null; version: number | null };

async function eventsOf(projectId: string, after = 0): Promise<Row[]> {
  const rows = await db.projectEvent.findMany({ where: { projectId, seq: { gt: after } }, orderBy: { seq: "asc" } });
  return rows.map(({ seq, kind, taskId, entityId, version }) => ({ seq, kind, taskId, entityId, version }));
}

const headOf = async (projectId: string) => (await db.eventHead.findUnique({ where: { projectId } }))?.seq ?? 0;

let keys = 0;
async function newProject(team: Team) {
  keys++;
  const key = `LV${String.fromCharCode(65 + (keys % 26))}${String.fromCharCode(65 + Math.floor(keys / 26))}`;
  return callerFor(team.owner).project.create({ workspaceId: team.workspace.id, name: "Live", key });
}

// In process, a tracked message arrives as tRPC's envelope, [id, message].
type Stream = AsyncIterator<readonly [string, LiveMessage, ...unknown[]]>;

// Reads messages until `until` holds, or fails after `ms`.
async function readUntil(stream: Stream, until: (m: LiveMessage[]) => boolean, ms = 5_000) {
  const seen: LiveMessage[] = [];
  const deadline = Date.now() + ms;
  while (!until(seen)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out; saw ${JSON.stringify(seen.map((m) => m.type))}`);
    const next = await Promise.race([
      stream.next(),
      new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), left)),
    ]);
    if (next === "timeout") continue;
    if (next.done) throw new Error("the stream ended");
    seen.push(next.value[1]);
  }
  return seen;
}

const changes = (messages: LiveMessage[]) => messages.flatMap((m) => (m.type === "change" ? [m] : []));

describe("live events", () => {
  let team: Team;
  beforeAll(async () => {
    team = await makeTeam();
  });

  it("writes one event per change, in a gapless sequence, with ids, versions and field names only", async () => {
    const project = await newProject(team);
    const owner = callerFor(team.owner);
    const start = await headOf(project.id);
    const task = await owner.task.create({ projectId: project.id, title: "Secret title" });
    const updated = await owner.task.update({ id: task.id, version: task.version, title: "Other", priority: "HIGH" });
    const moved = await owner.task.move({ id: task.id, status: "DONE" });
    const comment = await owner.comment.add({ taskId: task.id, body: "Private words" });
    await owner.comment.edit({ commentId: comment.id, body: "Edited words" });
    await owner.comment.delete({ commentId: comment.id });
    await owner.task.delete({ id: task.id });
    await owner.task.restore({ id: task.id });
    await owner.project.update({ projectId: project.id, name: "Renamed" });
    await owner.project.archive({ projectId: project.id });

    const rows = await eventsOf(project.id, start);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => start + i + 1));
    expect(rows.map((r) => [r.kind, r.taskId, r.entityId, r.version])).toEqual([
      ["task.created", task.id, null, 1],
      ["task.updated", task.id, null, updated.version],
      ["task.moved", task.id, null, moved.version],
      ["comment.added", task.id, comment.id, null],
      ["comment.edited", task.id, comment.id, null],
      ["comment.deleted", task.id, comment.id, null],
      ["task.deleted", task.id, null, moved.version + 1],
      ["task.restored", task.id, null, moved.version + 2],
      ["project.updated", null, null, null],
      ["project.archived", null, null, null],
    ]);
    const full = await db.projectEvent.findMany({ where: { projectId: project.id, seq: { gt: start } } });
    const byKind = Object.fromEntries(full.map((e) => [e.kind, e.fields]));
    expect(byKind["task.updated"]!.sort()).toEqual(["priority", "title"]);
    expect(byKind["task.moved"]!.sort()).toEqual(["position", "status"]);
    // Nothing but ids, versions and names: no title or comment text anywhere in the rows.
    expect(JSON.stringify(full)).not.toMatch(/Secret|Other|Private|Edited words|Renamed/);
  });

  it("writes nothing and takes no number when the change is refused", async () => {
    const project = await newProject(team);
    const task = await callerFor(team.owner).task.create({ projectId: project.id, title: "T" });
    const before = await headOf(project.id);
    expect(await codeOf(callerFor(team.member).task.update({ id: task.id, version: 99, title: "Stale" }))).toBe(
      "CONFLICT",
    );
    expect(await codeOf(callerFor(team.viewer).task.update({ id: task.id, version: 1, title: "No" }))).toBe(
      "FORBIDDEN",
    );
    expect(await headOf(project.id)).toBe(before);
    await callerFor(team.member).task.update({ id: task.id, version: 1, title: "Fresh" });
    expect((await eventsOf(project.id, before)).map((r) => r.seq)).toEqual([before + 1]);
  });

  it("keeps the sequence gapless and in commit order under concurrent creates, moves and edits", async () => {
    const project = await newProject(team);
    const owner = callerFor(team.owner);
    const seed = await Promise.all(
      Array.from({ length: 9 }, (_, i) => owner.task.create({ projectId: project.id, title: `Seed ${i}` })),
    );
    const start = await headOf(project.id);
    // Creates lock the project row then a column; moves lock a column; every writer takes the event
    // head last. Mixed at once, none may deadlock or leave a hole.
    const writes = [
      ...seed.slice(0, 6).map((t, i) => owner.task.move({ id: t.id, status: i % 2 ? "IN_PROGRESS" : "DONE" })),
      ...Array.from({ length: 8 }, (_, i) =>
        callerFor(team.member).task.create({ projectId: project.id, title: `New ${i}`, status: "DONE" }),
      ),
      // (Other tasks than the moves': a move racing an edit of the same task is refused with CONFLICT.)
      owner.task.bulkUpdate({ ids: seed.slice(6).map((t) => t.id), priority: "LOW" }),
    ];
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    const rows = await eventsOf(project.id, start);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => start + i + 1));
    expect(rows).toHaveLength(6 + 8 + 3);
    expect(await headOf(project.id)).toBe(start + rows.length);
  });

  it("records label and membership changes in every project of the workspace", async () => {
    const local = await makeTeam();
    const second = await newProject(local);
    const heads = [await headOf(local.project.id), await headOf(second.id)];
    const owner = callerFor(local.owner);
    const label = await owner.label.create({ workspaceId: local.workspace.id, name: unique("l"), color: "#112233" });
    await owner.workspace.changeRole({ workspaceId: local.workspace.id, userId: local.member.id, role: "ADMIN" });
    await owner.workspace.removeMember({ workspaceId: local.workspace.id, userId: local.viewer.id });
    for (const [i, projectId] of [local.project.id, second.id].entries()) {
      expect((await eventsOf(projectId, heads[i])).map((r) => [r.kind, r.entityId])).toEqual([
        ["label.created", label.id],
        ["member.role", local.member.id],
        ["member.removed", local.viewer.id],
      ]);
    }
  });
});

describe("live.project subscription", () => {
  let team: Team;
  const open: AbortController[] = [];
  beforeAll(async () => {
    team = await makeTeam();
  });
  afterAll(() => {
    for (const controller of open) controller.abort();
  });

  // As the HTTP adapter does, the stream ends when its request's signal aborts.
  async function subscribe(
    user: Team["owner"],
    input: { projectId: string; lastEventId?: string; view?: string },
    session = sessionFor(user),
  ) {
    const controller = new AbortController();
    open.push(controller);
    const caller = createCaller(createContext({ headers: new Headers(), session }), { signal: controller.signal });
    const stream = (await caller.live.project(input))[Symbol.asyncIterator]() as Stream;
    return Object.assign(stream, { close: () => controller.abort() });
  }

  it("starts at the head, then delivers each change once, in order, with the tab that made it", async () => {
    const stream = await subscribe(team.viewer, { projectId: team.project.id });
    const [ready] = await readUntil(stream, (m) => m.length === 1);
    expect(ready).toEqual({ type: "ready", head: await headOf(team.project.id) });

    const tab = createCaller(
      createContext({ headers: new Headers({ "x-client-id": "tab-12345678" }), session: sessionFor(team.member) }),
    );
    const task = await tab.task.create({ projectId: team.project.id, title: "Live" });
    await tab.task.move({ id: task.id, status: "DONE" });
    const seen = changes(await readUntil(stream, (m) => changes(m).length >= 2));
    expect(seen.map((c) => [c.kind, c.taskId, c.origin, c.actor?.id])).toEqual([
      ["task.created", task.id, "tab-12345678", team.member.id],
      ["task.moved", task.id, "tab-12345678", team.member.id],
    ]);
    expect(seen[1]!.seq).toBe(seen[0]!.seq + 1);
  });

  it("replays everything after lastEventId before anything new", async () => {
    const from = await headOf(team.project.id);
    const owner = callerFor(team.owner);
    const a = await owner.task.create({ projectId: team.project.id, title: "A" });
    const b = await owner.task.create({ projectId: team.project.id, title: "B" });
    const stream = await subscribe(team.member, { projectId: team.project.id, lastEventId: String(from) });
    const seen = changes(await readUntil(stream, (m) => changes(m).length >= 2));
    expect(seen.map((c) => [c.seq, c.taskId])).toEqual([
      [from + 1, a.id],
      [from + 2, b.id],
    ]);
  });

  it("sends resync when the events after the client's cursor were pruned", async () => {
    const local = await makeTeam();
    const owner = callerFor(local.owner);
    await owner.task.create({ projectId: local.project.id, title: "Old" });
    await db.projectEvent.updateMany({
      where: { projectId: local.project.id },
      data: { createdAt: new Date(Date.now() - 30 * 86_400_000) },
    });
    const summary = await runNightlyCleanup(db);
    expect(summary.events).toBeGreaterThanOrEqual(1);
    expect(await eventsOf(local.project.id)).toEqual([]);
    const stream = await subscribe(local.owner, { projectId: local.project.id, lastEventId: "0" });
    const messages = await readUntil(stream, (m) => m.some((x) => x.type === "resync"));
    expect(messages.find((m) => m.type === "resync")).toEqual({ type: "resync", head: await headOf(local.project.id) });
  });

  it("ends a removed member's stream with FORBIDDEN before the removal reaches them", async () => {
    const local = await makeTeam();
    const stream = await subscribe(local.member, { projectId: local.project.id });
    await readUntil(stream, (m) => m.length === 1);
    await callerFor(local.owner).task.create({ projectId: local.project.id, title: "Before" });
    await readUntil(stream, (m) => changes(m).length === 1);
    await callerFor(local.owner).workspace.removeMember({ workspaceId: local.workspace.id, userId: local.member.id });
    await callerFor(local.owner).task.create({ projectId: local.project.id, title: "After" });
    const error = await readUntil(stream, () => false, 5_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "FORBIDDEN", message: "You no longer have access to this project." });
  });

  it("ends the stream of a browser session signed out elsewhere at its next check", async () => {
    const local = await makeTeam();
    const row = await createSession(db, local.member.id, {});
    const session = { ...sessionFor(local.member), sessionId: row.id };
    const stream = await subscribe(local.member, { projectId: local.project.id }, session);
    await readUntil(stream, (m) => m.length === 1);
    await db.session.delete({ where: { id: row.id } });
    // A membership change (someone else's) makes every stream of the workspace check again.
    await callerFor(local.owner).workspace.changeRole({
      workspaceId: local.workspace.id,
      userId: local.viewer.id,
      role: "MEMBER",
    });
    const error = await readUntil(stream, () => false, 5_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers NOT_FOUND to someone outside the workspace, and shows who is watching", async () => {
    const stranger = await makeUser("Stranger");
    expect(await codeOf(callerFor(stranger).live.project({ projectId: team.project.id }))).toBe("NOT_FOUND");

    const watcher = await subscribe(team.admin, { projectId: team.project.id, view: "board" });
    const other = await subscribe(team.owner, { projectId: team.project.id, view: "list" });
    await readUntil(other, (m) => m.length === 1);
    const presence = await readUntil(watcher, (m) =>
      m.some((x) => x.type === "presence" && x.viewers.some((v) => v.userId === team.owner.id && v.view === "list")),
    );
    expect(presence.length).toBeGreaterThan(0);
    other.close();
    void other.next();
    await readUntil(watcher, (m) =>
      m.some((x) => x.type === "presence" && !x.viewers.some((v) => v.userId === team.owner.id)),
    );
  });
});
