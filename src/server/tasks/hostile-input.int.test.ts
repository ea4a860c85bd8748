import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { newLinkSecret } from "~/server/auth/link-secret";
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

// The invitation procedures, aimed half the time at a real workspace and at a real invitation meant
// for someone else: every answer is a success or a deliberate client error, and nobody ever joins a
// workspace (only the invited person can, by accepting).
describe("invitation procedures under hostile input", () => {
  let team: Team;
  let invitation: { id: string; token: string };
  beforeAll(async () => {
    team = await makeTeam();
    const { secret, tokenHash } = newLinkSecret();
    const row = await db.invitation.create({
      data: {
        workspaceId: team.workspace.id,
        email: "someone-else@example.test",
        role: "ADMIN",
        tokenHash,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    invitation = { id: row.id, token: secret };
  });

  async function invitationCounts() {
    const [memberships, invitations, open] = await Promise.all([
      db.membership.count(),
      db.invitation.count(),
      db.invitation.count({ where: { id: invitation.id, acceptedAt: null } }),
    ]);
    return { memberships, invitations, open };
  }

  it("never answer with a 500, never add a member, and never write on a refused call", async () => {
    const procedures = [
      "invite",
      "revokeInvitation",
      "myInvitations",
      "invitation",
      "acceptInvitation",
      "declineInvitation",
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...procedures),
        fc.dictionary(fc.constantFrom("workspaceId", "email", "role", "invitationId", "token", "extra"), hostileValue, {
          maxKeys: 4,
        }),
        fc.boolean(),
        fc.constantFrom<"owner" | "viewer" | "outsider">("owner", "viewer", "outsider"),
        async (procedure, raw, aimAtReal, actor) => {
          const input: Record<string, unknown> = { ...raw };
          if (aimAtReal) {
            if ("workspaceId" in input || procedure === "invite" || procedure === "revokeInvitation") {
              input.workspaceId = team.workspace.id;
            }
            if ("token" in input || procedure === "invitation") input.token = invitation.token;
            else if ("invitationId" in input || procedure.endsWith("Invitation")) input.invitationId = invitation.id;
          }
          const before = await invitationCounts();
          const caller = callerFor(team[actor]) as unknown as Record<
            string,
            Record<string, (i: unknown) => Promise<unknown>>
          >;
          let code = "OK";
          try {
            await caller.workspace![procedure]!(input);
          } catch (error) {
            code = String((error as { code?: unknown }).code);
          }
          expect(code).not.toBe("INTERNAL_SERVER_ERROR");
          expect(["OK", "BAD_REQUEST", "NOT_FOUND", "FORBIDDEN", "CONFLICT"]).toContain(code);
          const after = await invitationCounts();
          expect(after.memberships).toBe(before.memberships);
          if (code !== "OK") expect(after).toEqual(before);
          // The invitation for someone else is only ever withdrawn by the owner, never accepted.
          if (after.open !== before.open) expect([procedure, actor]).toEqual(["revokeInvitation", "owner"]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
