import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { callerFor, codeOf, makeTeam, type Team } from "../../../tests/fixtures";

describe("bulk due dates", () => {
  let team: Team;
  let owner: ReturnType<typeof callerFor>;
  beforeAll(async () => {
    team = await makeTeam();
    owner = callerFor(team.owner);
  });

  it("sets and clears the due date of many tasks, recording only real changes", async () => {
    const due = new Date("2030-05-06T00:00:00.000Z");
    const [a, b] = await Promise.all([
      owner.task.create({ projectId: team.project.id, title: "Due A", dueDate: due }),
      owner.task.create({ projectId: team.project.id, title: "Due B" }),
    ]);
    await owner.task.bulkUpdate({ ids: [a.id, b.id], dueDate: due });
    let rows = await db.task.findMany({ where: { id: { in: [a.id, b.id] } }, orderBy: { number: "asc" } });
    expect(rows.map((r) => [r.dueDate?.toISOString(), r.version])).toEqual([
      [due.toISOString(), a.version],
      [due.toISOString(), b.version + 1],
    ]);
    const activity = await owner.activity.forTask({ taskId: b.id });
    expect(activity.items.map((i) => [i.field, i.toValue])).toContainEqual(["dueDate", due.toISOString()]);

    await owner.task.bulkUpdate({ ids: [a.id, b.id], dueDate: null });
    rows = await db.task.findMany({ where: { id: { in: [a.id, b.id] } } });
    expect(rows.every((r) => r.dueDate === null)).toBe(true);
  });

  it("refuses a malformed date", async () => {
    const t = await owner.task.create({ projectId: team.project.id, title: "Due C" });
    const bad = { ids: [t.id], dueDate: "soon" } as unknown as Parameters<typeof owner.task.bulkUpdate>[0];
    expect(await codeOf(owner.task.bulkUpdate(bad))).toBe("BAD_REQUEST");
  });
});
