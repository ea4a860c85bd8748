import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Team } from "../../../tests/fixtures";
import { linkToken, startMailServer } from "../../../tests/mail-server";

// Invitations go out by email, over SMTP to a real local server, so the environment is set before
// the app's modules load.
const mail = await startMailServer();
process.env.SMTP_HOST = "127.0.0.1";
process.env.SMTP_PORT = String(mail.port);
process.env.APP_URL = "http://localhost:3000";

const { db } = await import("~/server/db");
const { callerFor, codeOf, makeTeam, makeUser, unique } = await import("../../../tests/fixtures");
const { POLICIES, RateLimiter, setRateLimiters } = await import("~/server/ratelimit");
const { oauthUser } = await import("~/server/auth/oauth");

const INVITE_MAIL = /invited you to/;
const newEmail = () => `${unique("invitee")}@example.test`;

async function invite(team: Team, email: string, role: "ADMIN" | "MEMBER" | "VIEWER" | "OWNER" = "MEMBER") {
  return callerFor(team.admin).workspace.invite({ workspaceId: team.workspace.id, email, role });
}

// The link of the newest invitation email to this address.
async function tokenFor(email: string, after = 0): Promise<string> {
  const end = Date.now() + 10_000;
  for (;;) {
    const sent = mail.messages.filter((m) => m.to.includes(email) && INVITE_MAIL.test(m.subject));
    if (sent.length > after) return linkToken(sent.at(-1)!, "/invitations/accept");
    if (Date.now() > end) throw new Error(`no invitation email to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const sentTo = (email: string) =>
  mail.messages.filter((m) => m.to.includes(email) && INVITE_MAIL.test(m.subject)).length;

const memberships = (workspaceId: string, userId: string) => db.membership.count({ where: { workspaceId, userId } });

let team: Team;
beforeAll(async () => {
  team = await makeTeam();
});
afterAll(async () => {
  await mail.close();
});

describe("inviting", () => {
  it("does not add an address that has an account, and answers as for one that has none", async () => {
    const existing = await makeUser("Existing");
    const unknown = newEmail();
    const toExisting = await invite(team, existing.email);
    const toUnknown = await invite(team, unknown);

    expect(Object.keys(toExisting).sort()).toEqual(Object.keys(toUnknown).sort());
    expect(Object.keys(toExisting).sort()).toEqual(["email", "expiresAt", "id", "role"]);
    expect(toExisting).toMatchObject({ email: existing.email, role: "MEMBER" });
    expect(toUnknown).toMatchObject({ email: unknown, role: "MEMBER" });
    expect(await memberships(team.workspace.id, existing.id)).toBe(0);

    // Both get the same email, with a link to accept.
    const [a, b] = await Promise.all([mail.waitFor(existing.email, INVITE_MAIL), mail.waitFor(unknown, INVITE_MAIL)]);
    expect(a.subject).toBe(b.subject);
    expect(a.text).toContain("http://localhost:3000/invitations/accept?token=");
    expect(b.text).toContain("http://localhost:3000/invitations/accept?token=");

    // The admin's list shows both as pending, not as members.
    const list = await callerFor(team.owner).workspace.members({ workspaceId: team.workspace.id });
    expect(list.members.map((m) => m.user.email)).not.toContain(existing.email);
    expect(list.invitations.map((i) => i.email)).toEqual(expect.arrayContaining([existing.email, unknown]));
  });

  it("stores only the hash of the link's secret", async () => {
    const email = newEmail();
    const { id } = await invite(team, email);
    const token = await tokenFor(email);
    const row = await db.invitation.findUniqueOrThrow({ where: { id }, select: { tokenHash: true } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token);
  });

  it("refuses an address that is already a member (the inviter can see the member list)", async () => {
    expect(await codeOf(invite(team, team.member.email))).toBe("CONFLICT");
    expect(sentTo(team.member.email)).toBe(0);
  });

  it("keeps owner invitations to owners: admins can neither send, replace nor withdraw one", async () => {
    const email = newEmail();
    expect(await codeOf(invite(team, email, "OWNER"))).toBe("FORBIDDEN");
    const sent = await callerFor(team.owner).workspace.invite({ workspaceId: team.workspace.id, email, role: "OWNER" });
    expect(await codeOf(invite(team, email, "VIEWER"))).toBe("FORBIDDEN");
    const admin = callerFor(team.admin);
    expect(
      await codeOf(admin.workspace.revokeInvitation({ workspaceId: team.workspace.id, invitationId: sent.id })),
    ).toBe("FORBIDDEN");
    expect((await db.invitation.findUniqueOrThrow({ where: { id: sent.id } })).role).toBe("OWNER");
  });

  it("limits the invitations an inviter can send, and sends none past the limit", async () => {
    const limiter = (max: number) => new RateLimiter({ ...POLICIES.reset, max }, null);
    setRateLimiters({ api: limiter(1_000_000), login: limiter(1_000), reset: limiter(3) });
    try {
      const emails = [newEmail(), newEmail(), newEmail(), newEmail()];
      const codes = [];
      for (const email of emails) codes.push(await codeOf(invite(team, email)));
      expect(codes).toEqual(["OK", "OK", "OK", "TOO_MANY_REQUESTS"]);
      expect(await db.invitation.count({ where: { email: emails[3] } })).toBe(0);
      // One address cannot be flooded from several workspaces either.
      const target = newEmail();
      const others = await Promise.all([makeTeam(), makeTeam(), makeTeam(), makeTeam()]);
      const perAddress = [];
      for (const other of others) perAddress.push(await codeOf(invite(other, target)));
      expect(perAddress).toEqual(["OK", "OK", "OK", "TOO_MANY_REQUESTS"]);
      await tokenFor(target, 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sentTo(emails[3]!)).toBe(0);
      expect(sentTo(target)).toBe(3);
    } finally {
      setRateLimiters(null);
    }
  });
});

describe("accepting", () => {
  it("adds the invited person who accepts through the emailed link, once", async () => {
    const invitee = await makeUser("Invitee");
    await invite(team, invitee.email, "VIEWER");
    const token = await tokenFor(invitee.email);
    const caller = callerFor(invitee);

    // Before accepting, the workspace does not exist for them (and that answer is cached).
    expect(await codeOf(caller.workspace.get({ workspaceId: team.workspace.id }))).toBe("NOT_FOUND");
    const preview = await caller.workspace.invitation({ token });
    expect(preview).toMatchObject({ role: "VIEWER", workspace: { id: team.workspace.id, name: "Team" } });
    expect(preview.invitedBy?.email).toBe(team.admin.email);

    const joined = await caller.workspace.acceptInvitation({ token });
    expect(joined).toMatchObject({ id: team.workspace.id, slug: team.workspace.slug, role: "VIEWER" });
    expect(await memberships(team.workspace.id, invitee.id)).toBe(1);
    expect((await caller.workspace.get({ workspaceId: team.workspace.id })).role).toBe("VIEWER");
    expect((await caller.workspace.list()).map((w) => w.id)).toContain(team.workspace.id);
    expect(await caller.workspace.myInvitations()).toEqual([]);

    // The link works once.
    expect(await codeOf(caller.workspace.acceptInvitation({ token }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.workspace.invitation({ token }))).toBe("NOT_FOUND");
    expect(await memberships(team.workspace.id, invitee.id)).toBe(1);
  });

  it("refuses the link to anyone signed in with another address, and changes nothing", async () => {
    const invitee = await makeUser("Invitee");
    const intruder = await makeUser("Intruder");
    const { id } = await invite(team, invitee.email);
    const token = await tokenFor(invitee.email);
    const other = callerFor(intruder);

    expect(await codeOf(other.workspace.invitation({ token }))).toBe("FORBIDDEN");
    expect(await codeOf(other.workspace.acceptInvitation({ token }))).toBe("FORBIDDEN");
    // By id, someone else's invitation does not exist for them.
    expect(await codeOf(other.workspace.acceptInvitation({ invitationId: id }))).toBe("NOT_FOUND");
    expect(await codeOf(other.workspace.declineInvitation({ invitationId: id }))).toBe("NOT_FOUND");
    expect(await other.workspace.myInvitations()).toEqual([]);
    expect(await memberships(team.workspace.id, intruder.id)).toBe(0);

    // The invitation is untouched: its person can still accept it.
    expect((await callerFor(invitee).workspace.acceptInvitation({ token })).id).toBe(team.workspace.id);
  });

  it("refuses an expired invitation, a withdrawn one and a replaced link, and changes nothing", async () => {
    const invitee = await makeUser("Invitee");
    const caller = callerFor(invitee);

    const expired = await invite(team, invitee.email);
    const expiredToken = await tokenFor(invitee.email);
    await db.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await codeOf(caller.workspace.acceptInvitation({ token: expiredToken }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.workspace.acceptInvitation({ invitationId: expired.id }))).toBe("BAD_REQUEST");
    expect(await caller.workspace.myInvitations()).toEqual([]);
    expect(await memberships(team.workspace.id, invitee.id)).toBe(0);

    // Sent again: a new link; the old one no longer works.
    const before = sentTo(invitee.email);
    const resent = await invite(team, invitee.email);
    expect(resent.id).toBe(expired.id);
    const freshToken = await tokenFor(invitee.email, before);
    expect(freshToken).not.toBe(expiredToken);
    expect(await codeOf(caller.workspace.acceptInvitation({ token: expiredToken }))).toBe("NOT_FOUND");

    // Withdrawn: gone from every list, and the link is dead.
    await callerFor(team.admin).workspace.revokeInvitation({ workspaceId: team.workspace.id, invitationId: resent.id });
    expect(await codeOf(caller.workspace.acceptInvitation({ token: freshToken }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.workspace.acceptInvitation({ invitationId: resent.id }))).toBe("NOT_FOUND");
    expect(await caller.workspace.myInvitations()).toEqual([]);
    const list = await callerFor(team.owner).workspace.members({ workspaceId: team.workspace.id });
    expect(list.invitations.map((i) => i.email)).not.toContain(invitee.email);
    expect(await memberships(team.workspace.id, invitee.id)).toBe(0);
    expect(
      await codeOf(
        callerFor(team.admin).workspace.revokeInvitation({ workspaceId: team.workspace.id, invitationId: resent.id }),
      ),
    ).toBe("NOT_FOUND");
  });

  it("does not let a workspace withdraw another workspace's invitation", async () => {
    const other = await makeTeam();
    const sent = await invite(other, newEmail());
    expect(
      await codeOf(
        callerFor(team.owner).workspace.revokeInvitation({ workspaceId: team.workspace.id, invitationId: sent.id }),
      ),
    ).toBe("NOT_FOUND");
    expect(await db.invitation.count({ where: { id: sent.id } })).toBe(1);
  });

  it("lets the invited person accept from the pending list, or decline", async () => {
    const invitee = await makeUser("Invitee");
    const other = await makeTeam();
    await invite(team, invitee.email, "MEMBER");
    await invite(other, invitee.email, "VIEWER");
    const caller = callerFor(invitee);

    const pending = await caller.workspace.myInvitations();
    expect(pending.map((i) => [i.workspace.id, i.role]).sort()).toEqual(
      [
        [team.workspace.id, "MEMBER"],
        [other.workspace.id, "VIEWER"],
      ].sort(),
    );
    const toTeam = pending.find((i) => i.workspace.id === team.workspace.id)!;
    const toOther = pending.find((i) => i.workspace.id === other.workspace.id)!;

    expect((await caller.workspace.acceptInvitation({ invitationId: toTeam.id })).role).toBe("MEMBER");
    expect(await caller.workspace.declineInvitation({ invitationId: toOther.id })).toEqual({ ok: true });
    expect(await memberships(team.workspace.id, invitee.id)).toBe(1);
    expect(await memberships(other.workspace.id, invitee.id)).toBe(0);
    expect(await caller.workspace.myInvitations()).toEqual([]);
    expect(await db.invitation.count({ where: { id: toOther.id } })).toBe(0);
    expect(await codeOf(caller.workspace.declineInvitation({ invitationId: toTeam.id }))).toBe("NOT_FOUND");
  });
});

describe("new accounts", () => {
  it("do not join on sign-up: the invitation waits in the pending list once the address is confirmed", async () => {
    const email = newEmail();
    await invite(team, email);
    await callerFor(null).auth.signUp({ name: "Newcomer", email, password: "correct horse battery staple" });
    const confirm = await mail.waitFor(email, /Confirm your email/);
    await callerFor(null).auth.verifyEmail({ token: linkToken(confirm, "/verify-email") });

    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true } });
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);
    const pending = await callerFor(user).workspace.myInvitations();
    expect(pending.map((i) => i.workspace.id)).toEqual([team.workspace.id]);
    // The link from the invitation email still works for them.
    const joined = await callerFor(user).workspace.acceptInvitation({ token: await tokenFor(email) });
    expect(joined.id).toBe(team.workspace.id);
  });

  it("do not join on a first sign-in through a provider either", async () => {
    const email = newEmail();
    await invite(team, email);
    const user = await oauthUser(db, { provider: "github", providerAccountId: unique("gh"), email, name: "Octo" });
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);
    expect((await callerFor(user).workspace.myInvitations()).length).toBe(1);
  });

  it("see no invitations until their address is confirmed", async () => {
    const email = newEmail();
    await invite(team, email);
    const user = await db.user.create({
      data: { email, name: "Unconfirmed" },
      select: { id: true, email: true, name: true },
    });
    expect(await callerFor(user).workspace.myInvitations()).toEqual([]);
    const token = await tokenFor(email);
    expect(await codeOf(callerFor(user).workspace.acceptInvitation({ token }))).toBe("FORBIDDEN");
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);
  });
});
