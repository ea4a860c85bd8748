import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { newLinkSecret } from "~/server/auth/link-secret";
import { db } from "~/server/db";
import { callerFor, codeOf, makeTeam, unique, type Team } from "../../../tests/fixtures";

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

// Characters that change how text displays: bidirectional embeddings, overrides and isolates, and
// control characters. Refused in every name and in every multi-line text; line breaks and tabs are
// refused only in names.
const DIRECTION_OVERRIDES = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"];
const CONTROLS = ["\u0000", "\u0001", "\u0007", "\u001b", "\u007f", "\u0085", "\u009b", "\r"];
const LINE_BREAKS = ["\n", "\r\n", "\t", "\u2028", "\u2029"];
const REFUSED_IN_TEXT = [...DIRECTION_OVERRIDES, ...CONTROLS];
const REFUSED_IN_NAMES = [...REFUSED_IN_TEXT, ...LINE_BREAKS];
// "Invoice <U+202E>fdp.exe" displays as "Invoice exe.pdf".
const spoof = (ch: string) => `Invoice ${ch}fdp.exe`;

describe("names and texts that would display differently from what is stored", () => {
  let team: Team;
  let taskId: string;
  let commentId: string;
  beforeAll(async () => {
    team = await makeTeam();
    taskId = (await callerFor(team.owner).task.create({ projectId: team.project.id, title: "Target" })).id;
    commentId = (await callerFor(team.owner).comment.add({ taskId, body: "First" })).id;
  });

  const owner = () => callerFor(team.owner);
  const names: [string, (text: string) => Promise<unknown>][] = [
    ["task.create title", (t) => owner().task.create({ projectId: team.project.id, title: t })],
    ["task.update title", (t) => owner().task.update({ id: taskId, version: 1, title: t })],
    ["project.create name", (t) => owner().project.create({ workspaceId: team.workspace.id, name: t, key: "SPF" })],
    ["project.update name", (t) => owner().project.update({ projectId: team.project.id, name: t })],
    ["workspace.create name", (t) => owner().workspace.create({ name: t })],
    ["workspace.rename name", (t) => owner().workspace.rename({ workspaceId: team.workspace.id, name: t })],
    ["label.create name", (t) => owner().label.create({ workspaceId: team.workspace.id, name: t, color: "#2563eb" })],
    ["label.update name", (t) => owner().label.update({ labelId: team.label.id, name: t })],
    ["account.updateProfile name", (t) => owner().account.updateProfile({ name: t })],
    ["account.createToken name", (t) => owner().account.createToken({ name: t })],
    [
      "auth.signUp name",
      (t) =>
        callerFor(null).auth.signUp({ name: t, email: `${unique("spoof")}@example.test`, password: "correct horse" }),
    ],
  ];
  const texts: [string, (text: string) => Promise<unknown>][] = [
    ["task.create description", (t) => owner().task.create({ projectId: team.project.id, title: "D", description: t })],
    ["task.update description", (t) => owner().task.update({ id: taskId, version: 1, description: t })],
    [
      "project.create description",
      (t) => owner().project.create({ workspaceId: team.workspace.id, name: "P", key: "SPD", description: t }),
    ],
    ["project.update description", (t) => owner().project.update({ projectId: team.project.id, description: t })],
    ["comment.add body", (t) => owner().comment.add({ taskId, body: t })],
    ["comment.edit body", (t) => owner().comment.edit({ commentId, body: t })],
  ];

  it.each(names)("%s refuses direction overrides, control characters and line breaks", async (_, call) => {
    for (const ch of REFUSED_IN_NAMES) expect(await codeOf(call(spoof(ch))), JSON.stringify(ch)).toBe("BAD_REQUEST");
  });

  it.each(texts)("%s refuses direction overrides and control characters", async (_, call) => {
    for (const ch of REFUSED_IN_TEXT) expect(await codeOf(call(spoof(ch))), JSON.stringify(ch)).toBe("BAD_REQUEST");
  });

  it("keeps line breaks and tabs in texts, and right-to-left marks and joined emoji in names", async () => {
    const task = await owner().task.create({
      projectId: team.project.id,
      title: "\u05e9\u05dc\u05d5\u05dd\u200f 👩‍💻",
      description: "line one\r\nline two\n\tindented",
    });
    expect(task.title).toBe("\u05e9\u05dc\u05d5\u05dd\u200f 👩‍💻");
    expect(task.description).toBe("line one\r\nline two\n\tindented");
    expect(await codeOf(owner().comment.add({ taskId, body: "a\n\nb\tc" }))).toBe("OK");
    // Surrounding whitespace is trimmed from a name, as before, rather than refused.
    expect(
      (await owner().label.create({ workspaceId: team.workspace.id, name: " ops\n", color: "#2563eb" })).name,
    ).toBe("ops");
  });

  it("stored none of them", async () => {
    // NUL cannot be stored at all, and "\r" is kept where it ends a line.
    const stored = REFUSED_IN_TEXT.filter((ch) => ch !== "\u0000" && ch !== "\r");
    const any = <K extends string>(field: K) =>
      stored.map((ch) => ({ [field]: { contains: ch } }) as Record<K, { contains: string }>);
    const counts = await Promise.all([
      db.task.count({ where: { OR: [...any("title"), ...any("description")] } }),
      db.project.count({ where: { OR: [...any("name"), ...any("description")] } }),
      db.workspace.count({ where: { OR: any("name") } }),
      db.label.count({ where: { OR: any("name") } }),
      db.user.count({ where: { OR: any("name") } }),
      db.apiToken.count({ where: { OR: any("name") } }),
      db.comment.count({ where: { OR: any("body") } }),
    ]);
    expect(counts).toEqual([0, 0, 0, 0, 0, 0, 0]);
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
