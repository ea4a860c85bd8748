// Over 350 lines: one table row per procedure of the API is the point; splitting it would hide a missing row.
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "~/generated/prisma/enums";
import { appRouter } from "~/server/api/root";
import { newLinkSecret } from "~/server/auth/link-secret";
import { db } from "~/server/db";
import { attach, bytesOf, sendUpload } from "../../../tests/attachments";
import { callerFor, codeOf, makeTeam, makeUser, tokenCallerFor, unique, type Team } from "../../../tests/fixtures";

type Caller = ReturnType<typeof callerFor>;
type Actor = "owner" | "admin" | "member" | "viewer" | "outsider" | "signedOut";
const ACTORS: Actor[] = ["owner", "admin", "member", "viewer", "outsider", "signedOut"];
const RANK: Record<Role, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

// The table from the product's rules: viewers read; members create and edit tasks and comment;
// admins manage projects, labels and members; owners manage the workspace. `null` = any signed-in
// user (not scoped to a workspace).
type Case = {
  min: Role | null;
  call: (caller: Caller, team: Team, actor: Actor) => Promise<unknown>;
};

async function task(team: Team, title = "Task") {
  return callerFor(team.owner).task.create({ projectId: team.project.id, title });
}

// An open invitation to the actor's address, into a workspace of its own, with its link's secret.
async function invitationFor(team: Team, actor: Actor) {
  const email = actor === "signedOut" ? `${unique("nobody")}@example.test` : team[actor].email;
  const workspace = await db.workspace.create({ data: { name: "Elsewhere", slug: unique("elsewhere") } });
  const { secret, tokenHash } = newLinkSecret();
  const invitation = await db.invitation.create({
    data: { workspaceId: workspace.id, email, role: "MEMBER", tokenHash, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  return { id: invitation.id, token: secret };
}

const CASES: Record<string, Case> = {
  "workspace.create": { min: null, call: (c) => c.workspace.create({ name: "Another" }) },
  "workspace.list": { min: null, call: (c) => c.workspace.list() },
  "workspace.get": { min: "VIEWER", call: (c, t) => c.workspace.get({ workspaceId: t.workspace.id }) },
  "workspace.rename": {
    min: "OWNER",
    call: (c, t) => c.workspace.rename({ workspaceId: t.workspace.id, name: "Renamed" }),
  },
  "workspace.members": { min: "VIEWER", call: (c, t) => c.workspace.members({ workspaceId: t.workspace.id }) },
  "workspace.invite": {
    min: "ADMIN",
    call: (c, t) =>
      c.workspace.invite({ workspaceId: t.workspace.id, email: `${unique("i")}@example.test`, role: "MEMBER" }),
  },
  "workspace.changeRole": {
    min: "ADMIN",
    call: async (c, t) => {
      const user = await makeUser();
      await db.membership.create({ data: { workspaceId: t.workspace.id, userId: user.id, role: "VIEWER" } });
      return c.workspace.changeRole({ workspaceId: t.workspace.id, userId: user.id, role: "MEMBER" });
    },
  },
  "workspace.removeMember": {
    min: "ADMIN",
    call: async (c, t) => {
      const user = await makeUser();
      await db.membership.create({ data: { workspaceId: t.workspace.id, userId: user.id, role: "VIEWER" } });
      return c.workspace.removeMember({ workspaceId: t.workspace.id, userId: user.id });
    },
  },
  "workspace.leave": {
    // Every member may leave (the last owner excepted, tested on its own); run as a fresh user of the
    // actor's role so the shared team stays intact.
    min: "VIEWER",
    call: async (_c, t, actor) => {
      if (actor === "signedOut") return callerFor(null).workspace.leave({ workspaceId: t.workspace.id });
      const user = await makeUser();
      const role = ({ owner: "OWNER", admin: "ADMIN", member: "MEMBER", viewer: "VIEWER" } as const)[actor as "owner"];
      if (role) await db.membership.create({ data: { workspaceId: t.workspace.id, userId: user.id, role } });
      return callerFor(user).workspace.leave({ workspaceId: t.workspace.id });
    },
  },
  "workspace.revokeInvitation": {
    min: "ADMIN",
    call: async (c, t) => {
      const invitation = await db.invitation.create({
        data: {
          workspaceId: t.workspace.id,
          email: `${unique("r")}@example.test`,
          role: "MEMBER",
          expiresAt: new Date(Date.now() + 86_400_000),
        },
      });
      return c.workspace.revokeInvitation({ workspaceId: t.workspace.id, invitationId: invitation.id });
    },
  },
  // The invitee's side: any signed-in person, for invitations to their own address.
  "workspace.myInvitations": { min: null, call: (c) => c.workspace.myInvitations() },
  "workspace.invitation": {
    min: null,
    call: async (c, t, actor) => c.workspace.invitation({ token: (await invitationFor(t, actor)).token }),
  },
  "workspace.acceptInvitation": {
    min: null,
    call: async (c, t, actor) => c.workspace.acceptInvitation({ token: (await invitationFor(t, actor)).token }),
  },
  "workspace.declineInvitation": {
    min: null,
    call: async (c, t, actor) => c.workspace.declineInvitation({ invitationId: (await invitationFor(t, actor)).id }),
  },
  "project.list": { min: "VIEWER", call: (c, t) => c.project.list({ workspaceId: t.workspace.id }) },
  "project.get": { min: "VIEWER", call: (c, t) => c.project.get({ projectId: t.project.id }) },
  "project.create": {
    min: "ADMIN",
    call: (c, t) =>
      c.project.create({ workspaceId: t.workspace.id, name: "New", key: `K${Math.floor(Math.random() * 1e8)}` }),
  },
  "project.update": { min: "ADMIN", call: (c, t) => c.project.update({ projectId: t.project.id, name: "Web site" }) },
  "project.archive": {
    min: "ADMIN",
    call: async (c, t) => {
      const project = await callerFor(t.owner).project.create({
        workspaceId: t.workspace.id,
        name: "A",
        key: `A${Math.floor(Math.random() * 1e8)}`,
      });
      return c.project.archive({ projectId: project.id });
    },
  },
  "project.unarchive": {
    min: "ADMIN",
    call: async (c, t) => {
      const owner = callerFor(t.owner);
      const project = await owner.project.create({
        workspaceId: t.workspace.id,
        name: "U",
        key: `U${Math.floor(Math.random() * 1e8)}`,
      });
      await owner.project.archive({ projectId: project.id });
      return c.project.unarchive({ projectId: project.id });
    },
  },
  "task.list": { min: "VIEWER", call: (c, t) => c.task.list({ projectId: t.project.id }) },
  "task.mine": { min: "VIEWER", call: (c, t) => c.task.mine({ workspaceId: t.workspace.id }) },
  "task.get": { min: "VIEWER", call: async (c, t) => c.task.get({ id: (await task(t)).id }) },
  "task.create": { min: "MEMBER", call: (c, t) => c.task.create({ projectId: t.project.id, title: "Mine" }) },
  "task.update": {
    min: "MEMBER",
    call: async (c, t) => {
      const created = await task(t);
      return c.task.update({ id: created.id, version: created.version, title: "Changed" });
    },
  },
  "task.move": { min: "MEMBER", call: async (c, t) => c.task.move({ id: (await task(t)).id, status: "DONE" }) },
  "task.bulkUpdate": {
    min: "MEMBER",
    call: async (c, t) => c.task.bulkUpdate({ ids: [(await task(t)).id, (await task(t)).id], priority: "HIGH" }),
  },
  "task.delete": { min: "MEMBER", call: async (c, t) => c.task.delete({ id: (await task(t)).id }) },
  "task.restore": {
    min: "MEMBER",
    call: async (c, t) => {
      const created = await task(t);
      await callerFor(t.owner).task.delete({ id: created.id });
      return c.task.restore({ id: created.id });
    },
  },
  "task.trash": { min: "VIEWER", call: (c, t) => c.task.trash({ projectId: t.project.id }) },
  "task.purgeTrash": { min: "ADMIN", call: (c, t) => c.task.purgeTrash({ projectId: t.project.id }) },
  "label.list": { min: "VIEWER", call: (c, t) => c.label.list({ workspaceId: t.workspace.id }) },
  "label.create": {
    min: "ADMIN",
    call: (c, t) => c.label.create({ workspaceId: t.workspace.id, name: unique("l"), color: "#123456" }),
  },
  "label.update": { min: "ADMIN", call: (c, t) => c.label.update({ labelId: t.label.id, color: "#654321" }) },
  "label.delete": {
    min: "ADMIN",
    call: async (c, t) => {
      const label = await callerFor(t.owner).label.create({
        workspaceId: t.workspace.id,
        name: unique("d"),
        color: "#000000",
      });
      return c.label.delete({ labelId: label.id });
    },
  },
  "comment.list": { min: "VIEWER", call: async (c, t) => c.comment.list({ taskId: (await task(t)).id }) },
  "comment.add": { min: "MEMBER", call: async (c, t) => c.comment.add({ taskId: (await task(t)).id, body: "Hello" }) },
  "comment.edit": {
    // Editing is for the author; the matrix edits a comment the caller wrote when the caller may write
    // comments at all (someone else's comment is checked separately).
    min: "MEMBER",
    call: async (c, t, actor) => {
      const created = await task(t);
      const author = ["owner", "admin", "member"].includes(actor) ? t[actor as "owner"] : t.member;
      const comment = await callerFor(author).comment.add({ taskId: created.id, body: "Draft" });
      return c.comment.edit({ commentId: comment.id, body: "Edited" });
    },
  },
  "comment.delete": {
    min: "MEMBER",
    call: async (c, t, actor) => {
      const created = await task(t);
      const author = ["owner", "admin", "member"].includes(actor) ? t[actor as "owner"] : t.member;
      const comment = await callerFor(author).comment.add({ taskId: created.id, body: "Bye" });
      return c.comment.delete({ commentId: comment.id });
    },
  },
  "attachment.list": { min: "VIEWER", call: async (c, t) => c.attachment.list({ taskId: (await task(t)).id }) },
  "attachment.usage": { min: "VIEWER", call: (c, t) => c.attachment.usage({ workspaceId: t.workspace.id }) },
  "attachment.createUpload": {
    min: "MEMBER",
    call: async (c, t) =>
      c.attachment.createUpload({ taskId: (await task(t)).id, name: "notes.txt", size: 5, contentType: "text/plain" }),
  },
  "attachment.complete": {
    // Completing is for the uploader, as editing a comment is for its author.
    min: "MEMBER",
    call: async (c, t, actor) => {
      const uploader = ["owner", "admin", "member"].includes(actor) ? t[actor as "owner"] : t.member;
      const { attachmentId, upload } = await callerFor(uploader).attachment.createUpload({
        taskId: (await task(t)).id,
        name: "notes.txt",
        size: 5,
        contentType: "text/plain",
      });
      await sendUpload(upload, bytesOf("notes"));
      return c.attachment.complete({ attachmentId });
    },
  },
  "attachment.delete": {
    min: "MEMBER",
    call: async (c, t, actor) => {
      const uploader = ["owner", "admin", "member"].includes(actor) ? t[actor as "owner"] : t.member;
      const file = await attach(callerFor(uploader), (await task(t)).id, "bye.txt", bytesOf("bye"));
      return c.attachment.delete({ attachmentId: file.id });
    },
  },
  "attachment.downloadUrl": {
    min: "VIEWER",
    call: async (c, t) => {
      const file = await attach(callerFor(t.owner), (await task(t)).id, "read.txt", bytesOf("read me"));
      return c.attachment.downloadUrl({ attachmentId: file.id });
    },
  },
  "notification.following": {
    min: "VIEWER",
    call: async (c, t) => c.notification.following({ taskId: (await task(t)).id }),
  },
  "notification.follow": {
    min: "VIEWER",
    call: async (c, t) => c.notification.follow({ taskId: (await task(t)).id, following: true }),
  },
  "activity.forTask": { min: "VIEWER", call: async (c, t) => c.activity.forTask({ taskId: (await task(t)).id }) },
  "activity.forProject": { min: "VIEWER", call: (c, t) => c.activity.forProject({ projectId: t.project.id }) },
  "live.project": {
    // The stream's first message, then the stream is closed.
    min: "VIEWER",
    call: async (c, t) => {
      const stream = (await c.live.project({ projectId: t.project.id }))[Symbol.asyncIterator]();
      const first = await stream.next();
      await stream.return?.(undefined);
      return first.value;
    },
  },
};

// Procedures outside any workspace: covered by their own tests.
const NOT_WORKSPACE_SCOPED =
  /^(health|auth|account|backup)\.|^notification\.(list|unreadCount|markRead|archive|preferences|setPreferences|guessTimeZone|watch)$/;

function expected(min: Role | null, actor: Actor): string {
  if (actor === "signedOut") return "UNAUTHORIZED";
  if (min === null) return "OK";
  if (actor === "outsider") return "NOT_FOUND";
  const role = ({ owner: "OWNER", admin: "ADMIN", member: "MEMBER", viewer: "VIEWER" } as const)[actor];
  return RANK[role] >= RANK[min] ? "OK" : "FORBIDDEN";
}

describe("authorization matrix", () => {
  let team: Team;
  beforeAll(async () => {
    team = await makeTeam();
  });

  it("covers every workspace procedure of the API", () => {
    const procedures = Object.keys(appRouter._def.procedures).filter((name) => !NOT_WORKSPACE_SCOPED.test(name));
    expect(procedures.sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [name, testCase] of Object.entries(CASES)) {
    it(`${name}: ${ACTORS.map((a) => `${a}=${expected(testCase.min, a)}`).join(" ")}`, async () => {
      const outcomes: Record<string, string> = {};
      const wanted: Record<string, string> = {};
      // Each actor twice: with a session whose roles authorize() looks up per workspace, and with one
      // resolved from an API token, whose roles were read along with the token.
      for (const actor of ACTORS) {
        const user = actor === "signedOut" ? null : team[actor];
        outcomes[actor] = await codeOf(testCase.call(callerFor(user), team, actor));
        outcomes[`${actor} (token)`] = await codeOf(testCase.call(await tokenCallerFor(user), team, actor));
        wanted[actor] = wanted[`${actor} (token)`] = expected(testCase.min, actor);
      }
      expect(outcomes).toEqual(wanted);
    });
  }

  it("hides a task of another workspace behind NOT_FOUND, even to an owner elsewhere", async () => {
    const other = await makeTeam();
    const hidden = await callerFor(other.owner).task.create({ projectId: other.project.id, title: "Secret" });
    const caller = callerFor(team.owner);
    expect(await codeOf(caller.task.get({ id: hidden.id }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.task.update({ id: hidden.id, version: 1, title: "x" }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.task.get({ id: "does-not-exist" }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.task.get({ workspaceId: other.workspace.id, ref: hidden.ref }))).toBe("NOT_FOUND");
    // A bulk update that mixes in a foreign id is refused as a whole.
    const mine = await callerFor(team.owner).task.create({ projectId: team.project.id, title: "Mine" });
    expect(await codeOf(caller.task.bulkUpdate({ ids: [mine.id, hidden.id], priority: "URGENT" }))).toBe("NOT_FOUND");
    expect((await db.task.findUniqueOrThrow({ where: { id: mine.id } })).priority).toBe("NONE");
    expect((await db.task.findUniqueOrThrow({ where: { id: hidden.id } })).title).toBe("Secret");
  });

  it("hides a project, label or comment of another workspace behind NOT_FOUND, as one that does not exist", async () => {
    const other = await makeTeam();
    const hidden = await callerFor(other.owner).task.create({ projectId: other.project.id, title: "Secret" });
    const comment = await callerFor(other.owner).comment.add({ taskId: hidden.id, body: "Secret" });
    const caller = callerFor(team.owner);
    for (const id of [other.project.id, "does-not-exist"]) {
      expect(await codeOf(caller.project.get({ projectId: id }))).toBe("NOT_FOUND");
      expect(await codeOf(caller.task.create({ projectId: id, title: "x" }))).toBe("NOT_FOUND");
    }
    for (const id of [other.label.id, "does-not-exist"]) {
      expect(await codeOf(caller.label.update({ labelId: id, color: "#111111" }))).toBe("NOT_FOUND");
    }
    for (const id of [comment.id, "does-not-exist"]) {
      expect(await codeOf(caller.comment.edit({ commentId: id, body: "x" }))).toBe("NOT_FOUND");
    }
    expect(await codeOf(caller.workspace.get({ workspaceId: "does-not-exist" }))).toBe("NOT_FOUND");
    expect((await db.label.findUniqueOrThrow({ where: { id: other.label.id } })).color).not.toBe("#111111");
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).body).toBe("Secret");
  });

  it("lets only the author edit a comment, and an admin delete anyone's", async () => {
    const created = await callerFor(team.owner).task.create({ projectId: team.project.id, title: "Discuss" });
    const comment = await callerFor(team.member).comment.add({ taskId: created.id, body: "Mine" });
    expect(await codeOf(callerFor(team.admin).comment.edit({ commentId: comment.id, body: "Not yours" }))).toBe(
      "FORBIDDEN",
    );
    const other = await callerFor(team.admin).comment.add({ taskId: created.id, body: "Admin's" });
    expect(await codeOf(callerFor(team.member).comment.delete({ commentId: other.id }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(team.admin).comment.delete({ commentId: comment.id }))).toBe("OK");
  });

  it("keeps the last owner, and keeps ownership changes to owners", async () => {
    const solo = await makeTeam();
    const owner = callerFor(solo.owner);
    expect(await codeOf(owner.workspace.leave({ workspaceId: solo.workspace.id }))).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        owner.workspace.changeRole({ workspaceId: solo.workspace.id, userId: solo.owner.id, role: "ADMIN" }),
      ),
    ).toBe("BAD_REQUEST");
    const admin = callerFor(solo.admin);
    expect(
      await codeOf(
        admin.workspace.changeRole({ workspaceId: solo.workspace.id, userId: solo.member.id, role: "OWNER" }),
      ),
    ).toBe("FORBIDDEN");
    expect(await codeOf(admin.workspace.removeMember({ workspaceId: solo.workspace.id, userId: solo.owner.id }))).toBe(
      "FORBIDDEN",
    );
    expect(await db.membership.count({ where: { workspaceId: solo.workspace.id, role: "OWNER" } })).toBe(1);
  });
});

// The account's own procedures, by how the caller signed in: a browser session may do everything; an
// API token may read and edit the profile, but may not see or manage credentials (passwords, sessions,
// tokens), so a leaked token cannot list, revoke or mint the others.
const ACCOUNT_CASES: Record<string, { token: "OK" | "FORBIDDEN"; call: (caller: Caller) => Promise<unknown> }> = {
  "account.me": { token: "OK", call: (c) => c.account.me() },
  "account.updateProfile": { token: "OK", call: (c) => c.account.updateProfile({ name: "Renamed" }) },
  "account.changePassword": {
    token: "FORBIDDEN",
    // The fixtures' users have no password: reaching the check at all answers BAD_REQUEST.
    call: (c) => c.account.changePassword({ currentPassword: "whatever", newPassword: "another password" }),
  },
  "account.signOutEverywhere": { token: "FORBIDDEN", call: (c) => c.account.signOutEverywhere() },
  "account.sessions": { token: "FORBIDDEN", call: (c) => c.account.sessions() },
  "account.revokeSession": { token: "FORBIDDEN", call: (c) => c.account.revokeSession({ id: "no-such-session" }) },
  "account.tokens": { token: "FORBIDDEN", call: (c) => c.account.tokens() },
  "account.createToken": { token: "FORBIDDEN", call: (c) => c.account.createToken({ name: "Another" }) },
  "account.revokeToken": { token: "FORBIDDEN", call: (c) => c.account.revokeToken({ id: "no-such-token" }) },
};

// A person's own inbox: any signed-in caller, session or token; signed out is refused. Each call
// touches the caller's rows only (the notification tests check that one person cannot read or mark
// another's).
const INBOX_CASES: Record<string, (caller: Caller) => Promise<unknown>> = {
  "notification.list": (c) => c.notification.list({}),
  "notification.unreadCount": (c) => c.notification.unreadCount(),
  "notification.markRead": (c) => c.notification.markRead({ selection: { all: true } }),
  "notification.archive": (c) => c.notification.archive({ selection: { ids: ["no-such-notification"] } }),
  "notification.preferences": (c) => c.notification.preferences(),
  "notification.setPreferences": (c) => c.notification.setPreferences({ channels: { COMMENTED: "INBOX" } }),
  "notification.guessTimeZone": (c) => c.notification.guessTimeZone({ timeZone: "Europe/Berlin" }),
  "notification.watch": async (c) => {
    const stream = (await c.notification.watch())[Symbol.asyncIterator]();
    const first = await stream.next();
    await stream.return?.(undefined);
    return first.value;
  },
};

describe("inbox procedures by credential", () => {
  it("covers every procedure of the inbox", () => {
    const procedures = Object.keys(appRouter._def.procedures).filter(
      (name) => name.startsWith("notification.") && !(name in CASES),
    );
    expect(procedures.sort()).toEqual(Object.keys(INBOX_CASES).sort());
  });

  for (const [name, call] of Object.entries(INBOX_CASES)) {
    it(`${name}: session=OK token=OK signedOut=UNAUTHORIZED`, async () => {
      const user = await makeUser();
      expect({
        session: await codeOf(call(callerFor(user))),
        token: await codeOf(call(await tokenCallerFor(user))),
        signedOut: await codeOf(call(callerFor(null))),
      }).toEqual({ session: "OK", token: "OK", signedOut: "UNAUTHORIZED" });
    });
  }
});

describe("account procedures by credential", () => {
  it("covers every account procedure of the API", () => {
    const procedures = Object.keys(appRouter._def.procedures).filter((name) => name.startsWith("account."));
    expect(procedures.sort()).toEqual(Object.keys(ACCOUNT_CASES).sort());
  });

  for (const [name, testCase] of Object.entries(ACCOUNT_CASES)) {
    it(`${name}: session=allowed token=${testCase.token} signedOut=UNAUTHORIZED`, async () => {
      const user = await makeUser();
      const outcomes = {
        session: await codeOf(testCase.call(callerFor(user))),
        token: await codeOf(testCase.call(await tokenCallerFor(user))),
        signedOut: await codeOf(testCase.call(callerFor(null))),
      };
      // A session gets past the credential check: an answer, or a refusal of the input itself.
      expect(["OK", "BAD_REQUEST", "NOT_FOUND"]).toContain(outcomes.session);
      expect({ token: outcomes.token, signedOut: outcomes.signedOut }).toEqual({
        token: testCase.token === "OK" ? outcomes.session : "FORBIDDEN",
        signedOut: "UNAUTHORIZED",
      });
    });
  }
});
