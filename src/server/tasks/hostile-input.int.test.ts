import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { callerFor, makeTeam, type Team } from "../../../tests/fixtures";

// Random and hostile input at the task procedures: every answer is a success or a deliberate client
// error, never INTERNAL_SERVER_ERROR, and a refused call writes nothing.
const hostileString = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "'; DROP TABLE tasks; --",
    "${7*7}",
    "<script>alert(1)</script>",
    "WEB-0",
    "x".repeat(201),
    "💥".repeat(120),
    "\ud800",
  ),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
  fc.array(hostileString, { maxLength: 25 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
);

async function counts() {
  const [tasks, activities, labels, comments] = await Promise.all([
    db.task.count(),
    db.activity.count(),
    db.taskLabel.count(),
    db.comment.count(),
  ]);
  return { tasks, activities, labels, comments };
}

describe("task procedures under hostile input", () => {
  let team: Team;
  let taskId: string;
  beforeAll(async () => {
    team = await makeTeam();
    taskId = (await callerFor(team.owner).task.create({ projectId: team.project.id, title: "Target" })).id;
  });

  it("never answer with a 500 and never write on a refused call", async () => {
    const procedures = ["create", "update", "move", "bulkUpdate", "delete", "restore", "get", "list"] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...procedures),
        fc.dictionary(
          fc.constantFrom(
            "id",
            "ids",
            "projectId",
            "title",
            "description",
            "status",
            "priority",
            "assigneeId",
            "dueDate",
            "labelIds",
            "parentId",
            "version",
            "afterId",
            "beforeId",
            "cursor",
            "limit",
            "search",
            "sort",
            "ref",
            "workspaceId",
            "extra",
          ),
          hostileValue,
          { maxKeys: 6 },
        ),
        fc.boolean(),
        fc.constantFrom<"owner" | "viewer" | "outsider">("owner", "viewer", "outsider"),
        async (procedure, raw, aimAtReal, actor) => {
          const input: Record<string, unknown> = { ...raw };
          // Half the time point the hostile payload at real rows, so validation is not the only guard.
          if (aimAtReal) {
            if (procedure === "create" || procedure === "list") input.projectId = team.project.id;
            else if (procedure === "bulkUpdate") input.ids = [taskId];
            else input.id = taskId;
          }
          const before = await counts();
          const caller = callerFor(team[actor]) as unknown as Record<
            string,
            Record<string, (i: unknown) => Promise<unknown>>
          >;
          let code = "OK";
          try {
            await caller.task![procedure]!(input);
          } catch (error) {
            code = String((error as { code?: unknown }).code);
          }
          expect(code).not.toBe("INTERNAL_SERVER_ERROR");
          expect(["OK", "BAD_REQUEST", "NOT_FOUND", "FORBIDDEN", "CONFLICT"]).toContain(code);
          if (code !== "OK") expect(await counts()).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });
});
