import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { callerFor, codeOf, makeTeam, type Team } from "../../../tests/fixtures";

describe("tasks", () => {
  let team: Team;
  let owner: ReturnType<typeof callerFor>;
  beforeAll(async () => {
    team = await makeTeam();
    owner = callerFor(team.owner);
  });

  it("numbers tasks per project and finds them by KEY-N", async () => {
    const a = await owner.task.create({ projectId: team.project.id, title: "First" });
    const b = await owner.task.create({ projectId: team.project.id, title: "Second" });
    expect(b.number).toBe(a.number + 1);
    expect(b.ref).toBe(`WEB-${b.number}`);
    const found = await owner.task.get({ workspaceId: team.workspace.id, ref: `web-${b.number}` });
    expect(found.id).toBe(b.id);
  });

  it("records who changed what, from and to, with the change", async () => {
    const created = await owner.task.create({ projectId: team.project.id, title: "Track me" });
    const updated = await owner.task.update({
      id: created.id,
      version: created.version,
      title: "Tracked",
      priority: "HIGH",
      status: "IN_PROGRESS",
    });
    expect(updated.version).toBe(created.version + 1);
    const activity = await owner.activity.forTask({ taskId: created.id });
    const changes = activity.items.map((a) => [a.action, a.field, a.fromValue, a.toValue]);
    expect(changes).toEqual(
      expect.arrayContaining([
        ["task.updated", "title", "Track me", "Tracked"],
        ["task.updated", "priority", "NONE", "HIGH"],
        ["task.updated", "status", "TODO", "IN_PROGRESS"],
        ["task.created", null, null, "Track me"],
      ]),
    );
    expect(activity.items.every((a) => a.actor?.id === team.owner.id)).toBe(true);
  });

  it("refuses a stale version with CONFLICT and changes nothing", async () => {
    const created = await owner.task.create({ projectId: team.project.id, title: "Versioned" });
    await owner.task.update({ id: created.id, version: created.version, title: "Newer" });
    expect(await codeOf(owner.task.update({ id: created.id, version: created.version, title: "Stale" }))).toBe(
      "CONFLICT",
    );
    const row = await db.task.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.title).toBe("Newer");
    expect(row.version).toBe(created.version + 1);
  });

  it("lets exactly one of 50 parallel updates with the same version win", async () => {
    const created = await owner.task.create({ projectId: team.project.id, title: "Contended" });
    const activityBefore = await db.activity.count({ where: { taskId: created.id } });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        codeOf(owner.task.update({ id: created.id, version: created.version, title: `Writer ${i}` })),
      ),
    );
    expect(results.filter((r) => r === "OK")).toHaveLength(1);
    expect(results.filter((r) => r === "CONFLICT")).toHaveLength(49);
    const row = await db.task.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.version).toBe(created.version + 1);
    expect(await db.activity.count({ where: { taskId: created.id } })).toBe(activityBefore + 1);
  });

  it("leaves 50 distinct positions after 50 parallel moves into one column", async () => {
    const project = await owner.project.create({ workspaceId: team.workspace.id, name: "Board", key: "BRD" });
    const anchor = await owner.task.create({ projectId: project.id, title: "Anchor", status: "DONE" });
    const tasks = await Promise.all(
      Array.from({ length: 50 }, (_, i) => owner.task.create({ projectId: project.id, title: `Card ${i}` })),
    );
    // Every move asks for the same slot, right after the anchor.
    const results = await Promise.all(
      tasks.map((t) => codeOf(owner.task.move({ id: t.id, status: "DONE", afterId: anchor.id }))),
    );
    expect(results.every((r) => r === "OK")).toBe(true);
    const column = await db.task.findMany({
      where: { projectId: project.id, status: "DONE" },
      select: { position: true },
    });
    expect(column).toHaveLength(51);
    expect(new Set(column.map((t) => t.position)).size).toBe(51);
    const list = await owner.task.list({ projectId: project.id, status: ["DONE"], limit: 100 });
    expect(list.items[0]!.id).toBe(anchor.id);
  });

  it("moves between two neighbours, touching only the moved row", async () => {
    const project = await owner.project.create({ workspaceId: team.workspace.id, name: "Order", key: "ORD" });
    const [a, b, c] = await Promise.all(
      ["A", "B", "C"].map((title) => owner.task.create({ projectId: project.id, title })),
    );
    const ordered = async () =>
      (await owner.task.list({ projectId: project.id, status: ["TODO"] })).items.map((t) => t.title);
    const first = await ordered();
    const before = await db.task.findMany({
      where: { projectId: project.id },
      select: { id: true, position: true, version: true },
    });
    const last = first[2] === "A" ? a! : first[2] === "B" ? b! : c!;
    const head = first[0] === "A" ? a! : first[0] === "B" ? b! : c!;
    await owner.task.move({ id: last.id, status: "TODO", beforeId: head.id });
    expect(await ordered()).toEqual([first[2], first[0], first[1]]);
    const after = await db.task.findMany({
      where: { projectId: project.id },
      select: { id: true, position: true, version: true },
    });
    const changed = after.filter((row) => {
      const old = before.find((o) => o.id === row.id)!;
      return old.position !== row.position || old.version !== row.version;
    });
    expect(changed.map((r) => r.id)).toEqual([last.id]);
  });

  it("bulk-updates status, priority, assignee and labels in one go", async () => {
    const created = await Promise.all(
      [1, 2, 3].map((i) => owner.task.create({ projectId: team.project.id, title: `Bulk ${i}` })),
    );
    const ids = created.map((t) => t.id);
    const result = await owner.task.bulkUpdate({
      ids,
      status: "IN_REVIEW",
      priority: "URGENT",
      assigneeId: team.member.id,
      addLabelIds: [team.label.id],
    });
    expect(result.updated).toBe(3);
    const rows = await db.task.findMany({ where: { id: { in: ids } }, include: { labels: true } });
    expect(
      rows.every((r) => r.status === "IN_REVIEW" && r.priority === "URGENT" && r.assigneeId === team.member.id),
    ).toBe(true);
    expect(rows.every((r) => r.labels.length === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.position)).size).toBe(3);
    expect(await codeOf(owner.task.bulkUpdate({ ids, assigneeId: team.outsider.id }))).toBe("BAD_REQUEST");
  });

  it("deletes to the trash, restores, and purges only after 30 days", async () => {
    const parent = await owner.task.create({ projectId: team.project.id, title: "Parent" });
    const child = await owner.task.create({ projectId: team.project.id, title: "Child", parentId: parent.id });
    expect(
      await codeOf(owner.task.create({ projectId: team.project.id, title: "Grandchild", parentId: child.id })),
    ).toBe("BAD_REQUEST");
    await owner.task.delete({ id: parent.id });
    const visible = await owner.task.list({ projectId: team.project.id, limit: 100 });
    expect(visible.items.map((t) => t.id)).not.toContain(child.id);
    const trash = await owner.task.trash({ projectId: team.project.id });
    expect(trash.items.map((t) => t.id)).toEqual(expect.arrayContaining([parent.id, child.id]));
    await owner.task.restore({ id: parent.id });
    expect((await owner.task.get({ id: child.id })).deletedAt).toBeNull();

    await owner.task.delete({ id: parent.id });
    expect((await owner.task.purgeTrash({ projectId: team.project.id })).purged).toBe(0);
    await db.task.updateMany({
      where: { id: { in: [parent.id, child.id] } },
      data: { deletedAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    expect((await owner.task.purgeTrash({ projectId: team.project.id })).purged).toBe(2);
    expect(await db.task.count({ where: { id: { in: [parent.id, child.id] } } })).toBe(0);
  });
});

describe("task.list", () => {
  let team: Team;
  let owner: ReturnType<typeof callerFor>;
  beforeAll(async () => {
    team = await makeTeam();
    owner = callerFor(team.owner);
    const statuses = ["BACKLOG", "TODO", "IN_PROGRESS", "DONE"] as const;
    for (let i = 0; i < 40; i++) {
      await owner.task.create({
        projectId: team.project.id,
        title: i === 7 ? "Migrate the billing database" : `Routine chore number ${i}`,
        description: i === 11 ? "The invoice export breaks on leap years" : "",
        status: statuses[i % statuses.length],
        priority: (["NONE", "LOW", "MEDIUM", "HIGH", "URGENT"] as const)[i % 5],
        assigneeId: i % 3 === 0 ? team.member.id : null,
        dueDate: i % 4 === 0 ? new Date(Date.UTC(2030, 0, 1 + i)) : null,
        labelIds: i % 5 === 0 ? [team.label.id] : [],
      });
    }
  });

  async function all(input: Omit<Parameters<typeof owner.task.list>[0], "cursor">) {
    const items = [];
    let cursor: string | undefined;
    do {
      const page = await owner.task.list({ ...input, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  it("pages through every task exactly once, in board order", async () => {
    const items = await all({ projectId: team.project.id, limit: 7 });
    expect(items).toHaveLength(40);
    expect(new Set(items.map((t) => t.id)).size).toBe(40);
    const keys = items.map(
      (t) => `${["BACKLOG", "TODO", "IN_PROGRESS", "IN_REVIEW", "DONE", "CANCELLED"].indexOf(t.status)}:${t.position}`,
    );
    expect(keys).toEqual([...keys].sort());
  });

  it("pages every sort order without gaps or repeats", async () => {
    for (const sort of ["dueDate", "priority", "updated"] as const) {
      const items = await all({ projectId: team.project.id, sort, limit: 6 });
      expect(new Set(items.map((t) => t.id)).size, sort).toBe(40);
    }
    const byDue = await all({ projectId: team.project.id, sort: "dueDate", limit: 6 });
    const dues = byDue.filter((t) => t.dueDate).map((t) => t.dueDate!.getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(byDue.slice(dues.length).every((t) => t.dueDate === null)).toBe(true);
  });

  it("filters by status, assignee, label, priority and due dates", async () => {
    const inProgress = await all({ projectId: team.project.id, status: ["IN_PROGRESS"] });
    expect(inProgress).toHaveLength(10);
    expect(inProgress.every((t) => t.status === "IN_PROGRESS")).toBe(true);
    const assigned = await all({ projectId: team.project.id, assigneeId: team.member.id });
    expect(assigned).toHaveLength(14);
    expect((await all({ projectId: team.project.id, assigneeId: "none" })).length).toBe(26);
    const labelled = await all({ projectId: team.project.id, labelIds: [team.label.id] });
    expect(labelled).toHaveLength(8);
    expect(labelled.every((t) => t.labels[0]?.name === "bug")).toBe(true);
    expect(await all({ projectId: team.project.id, priority: ["URGENT"] })).toHaveLength(8);
    const due = await all({
      projectId: team.project.id,
      dueAfter: new Date(Date.UTC(2030, 0, 10)),
      dueBefore: new Date(Date.UTC(2030, 0, 30)),
    });
    expect(due.map((t) => t.dueDate!.getUTCDate()).sort((a, b) => a - b)).toEqual([13, 17, 21, 25, 29]);
    const undated = await all({ projectId: team.project.id, noDueDate: true, sort: "dueDate" });
    expect(undated).toHaveLength(30);
    expect(undated.every((t) => t.dueDate === null)).toBe(true);
  });

  it("searches titles and descriptions with full-text search", async () => {
    const billing = await all({ projectId: team.project.id, search: "databases billing" });
    expect(billing.map((t) => t.title)).toEqual(["Migrate the billing database"]);
    const invoice = await all({ projectId: team.project.id, search: "invoice leap" });
    expect(invoice).toHaveLength(1);
    expect(await all({ projectId: team.project.id, search: "nonexistentword" })).toHaveLength(0);
  });

  it("refuses a cursor from another sort order or a forged one", async () => {
    const page = await owner.task.list({ projectId: team.project.id, limit: 5 });
    expect(
      await codeOf(owner.task.list({ projectId: team.project.id, sort: "updated", cursor: page.nextCursor! })),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(owner.task.list({ projectId: team.project.id, cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });
});
