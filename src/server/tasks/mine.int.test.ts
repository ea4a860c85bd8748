import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { callerFor, codeOf, makeTeam, type Team } from "../../../tests/fixtures";

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe("task.mine", () => {
  let team: Team;
  let owner: ReturnType<typeof callerFor>;
  let member: ReturnType<typeof callerFor>;
  let second: { id: string };
  beforeAll(async () => {
    team = await makeTeam();
    owner = callerFor(team.owner);
    member = callerFor(team.member);
    second = await owner.project.create({ workspaceId: team.workspace.id, name: "Ops", key: "OPS" });
  });

  it("lists only the caller's tasks, across projects, open ones by default, with the project", async () => {
    const mine = team.member.id;
    const a = await owner.task.create({ projectId: team.project.id, title: "Web one", assigneeId: mine });
    const b = await owner.task.create({
      projectId: second.id,
      title: "Ops one",
      assigneeId: mine,
      dueDate: day("2026-03-01"),
    });
    const done = await owner.task.create({ projectId: second.id, title: "Ops done", assigneeId: mine, status: "DONE" });
    await owner.task.create({ projectId: team.project.id, title: "Someone else's", assigneeId: team.owner.id });
    await owner.task.create({ projectId: team.project.id, title: "Nobody's" });
    const deleted = await owner.task.create({ projectId: team.project.id, title: "Deleted", assigneeId: mine });
    await owner.task.delete({ id: deleted.id });

    // Another workspace where the same person has a task.
    const elsewhere = await callerFor(team.member).workspace.create({ name: "Elsewhere" });
    const otherProject = await member.project.create({ workspaceId: elsewhere.id, name: "Home", key: "HOME" });
    await member.task.create({ projectId: otherProject.id, title: "Other workspace", assigneeId: mine });

    const page = await member.task.mine({ workspaceId: team.workspace.id });
    expect(page.items.map((t) => t.title)).toEqual(["Ops one", "Web one"]);
    expect(page.items[0]).toMatchObject({ id: b.id, projectId: second.id, projectKey: "OPS", ref: `OPS-${b.number}` });
    expect(page.items[1]).toMatchObject({ id: a.id, projectKey: "WEB", projectName: "Web" });
    expect(page.nextCursor).toBeNull();

    const all = await member.task.mine({ workspaceId: team.workspace.id, includeDone: true });
    expect(all.items.map((t) => t.id).sort()).toEqual([a.id, b.id, done.id].sort());

    const byStatus = await member.task.mine({ workspaceId: team.workspace.id, includeDone: true, sort: "status" });
    expect(byStatus.items.map((t) => t.status)).toEqual(["TODO", "TODO", "DONE"]);
  });

  it("leaves out tasks of archived projects", async () => {
    const project = await owner.project.create({ workspaceId: team.workspace.id, name: "Old", key: "OLD" });
    const task = await owner.task.create({ projectId: project.id, title: "Archived", assigneeId: team.admin.id });
    const admin = callerFor(team.admin);
    expect((await admin.task.mine({ workspaceId: team.workspace.id })).items.map((t) => t.id)).toContain(task.id);
    await db.project.update({ where: { id: project.id }, data: { archivedAt: new Date() } });
    expect((await admin.task.mine({ workspaceId: team.workspace.id })).items.map((t) => t.id)).not.toContain(task.id);
  });

  it("pages through every task once, in either order", async () => {
    const viewer = team.viewer.id;
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      const task = await owner.task.create({
        projectId: i % 2 ? second.id : team.project.id,
        title: `Paged ${i}`,
        assigneeId: viewer,
        status: i % 3 ? "TODO" : "IN_PROGRESS",
        dueDate: i < 5 ? day(`2026-01-0${(i % 3) + 1}`) : null,
      });
      created.push(task.id);
    }
    // The viewer reads their own tasks like anyone else.
    const caller = callerFor(team.viewer);
    for (const sort of ["dueDate", "status"] as const) {
      const seen: { id: string; due: number; status: string }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<typeof caller.task.mine>> = await caller.task.mine({
          workspaceId: team.workspace.id,
          sort,
          limit: 3,
          cursor,
        });
        seen.push(...page.items.map((t) => ({ id: t.id, due: t.dueDate?.getTime() ?? Infinity, status: t.status })));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen.map((t) => t.id).sort()).toEqual([...created].sort());
      if (sort === "dueDate") {
        expect(seen.map((t) => t.due)).toEqual([...seen.map((t) => t.due)].sort((x, y) => x - y));
      } else {
        const order = ["TODO", "IN_PROGRESS"];
        const ranks = seen.map((t) => order.indexOf(t.status));
        expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
      }
    }
  });

  it("refuses a malformed cursor and a workspace the caller is not in", async () => {
    expect(await codeOf(member.task.mine({ workspaceId: team.workspace.id, cursor: "not-a-cursor" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(callerFor(team.outsider).task.mine({ workspaceId: team.workspace.id }))).toBe("NOT_FOUND");
  });
});
