// Who hears about what, through the API as people use it: assignments, mentions, comments and status
// changes, each person's preferences, and the inbox procedures.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/server/db";
import { mentionMarkdown } from "~/lib/mentions";
import { runNotificationJob } from "~/server/jobs/notifications";
import { fanoutsSettled, notify } from "./service";
import { callerFor, makeTeam, makeUser, type Team } from "../../../tests/fixtures";
import { captureStatements } from "../../../tests/statements";

async function inbox(userId: string) {
  // Followers are told right after the change commits: wait for that.
  await fanoutsSettled();
  return db.notification.findMany({
    where: { userId },
    select: { kind: true, taskId: true, actorId: true, detail: true, emailState: true, commentId: true },
    orderBy: { createdAt: "asc" },
  });
}

describe("notifications", () => {
  let team: Team;
  beforeAll(async () => {
    team = await makeTeam();
  });

  const mention = (user: { id: string; name: string | null; email: string }) => mentionMarkdown(user);

  it("tells an assignee, on create and on update, never someone who assigns themselves", async () => {
    const owner = callerFor(team.owner);
    const created = await owner.task.create({
      projectId: team.project.id,
      title: "Assigned",
      assigneeId: team.member.id,
    });
    await owner.task.update({ id: created.id, version: created.version, assigneeId: team.admin.id });
    await callerFor(team.viewer).notification.unreadCount();
    const self = await callerFor(team.member).task.create({
      projectId: team.project.id,
      title: "Mine",
      assigneeId: team.member.id,
    });
    expect((await inbox(team.member.id)).filter((n) => n.kind === "ASSIGNED")).toEqual([
      expect.objectContaining({ taskId: created.id, actorId: team.owner.id }),
    ]);
    expect((await inbox(team.admin.id)).filter((n) => n.taskId === created.id).map((n) => n.kind)).toEqual([
      "ASSIGNED",
    ]);
    expect((await inbox(team.member.id)).some((n) => n.taskId === self.id)).toBe(false);
  });

  it("tells followers of a comment and of a status change, mentions instead of comments, not the author", async () => {
    const fresh = await makeTeam();
    const owner = callerFor(fresh.owner);
    const task = await owner.task.create({
      projectId: fresh.project.id,
      title: "Discuss",
      assigneeId: fresh.member.id,
    });
    // Followers now: the owner (creator) and the member (assignee).
    await callerFor(fresh.admin).comment.add({ taskId: task.id, body: `Looks good, ${mention(fresh.member)}` });
    expect((await inbox(fresh.owner.id)).map((n) => n.kind)).toEqual(["COMMENTED"]);
    expect((await inbox(fresh.member.id)).map((n) => n.kind)).toEqual(["ASSIGNED", "MENTIONED"]);
    expect(await inbox(fresh.admin.id)).toEqual([]);

    // The admin follows now (commented): a status change reaches the three of them but the mover.
    const current = await owner.task.get({ id: task.id });
    await callerFor(fresh.member).task.update({ id: task.id, version: current.version, status: "IN_PROGRESS" });
    await callerFor(fresh.owner).task.move({ id: task.id, status: "DONE" });
    const statuses = async (id: string) =>
      (await inbox(id)).filter((n) => n.kind === "STATUS_CHANGED").map((n) => n.detail);
    expect(await statuses(fresh.admin.id)).toEqual(["IN_PROGRESS", "DONE"]);
    expect(await statuses(fresh.owner.id)).toEqual(["IN_PROGRESS"]);
    expect(await statuses(fresh.member.id)).toEqual(["DONE"]);

    await owner.task.bulkUpdate({ ids: [task.id], status: "TODO" });
    expect(await statuses(fresh.admin.id)).toEqual(["IN_PROGRESS", "DONE", "TODO"]);
  });

  it("does nothing for a mention of someone outside the workspace, and tells a mention added by an edit once", async () => {
    const outsider = await makeUser("Outsider");
    const owner = callerFor(team.owner);
    const task = await owner.task.create({
      projectId: team.project.id,
      title: "Mentions",
      description: `Ping ${mention(outsider)}`,
    });
    const comment = await owner.comment.add({ taskId: task.id, body: `Also ${mention(outsider)}` });
    expect(await inbox(outsider.id)).toEqual([]);
    expect(await db.taskFollower.findMany({ where: { taskId: task.id, userId: outsider.id } })).toEqual([]);

    await owner.comment.edit({ commentId: comment.id, body: `Also ${mention(team.viewer)}` });
    await owner.comment.edit({ commentId: comment.id, body: `Also ${mention(team.viewer)}, again` });
    const viewerMentions = (await inbox(team.viewer.id)).filter((n) => n.taskId === task.id);
    expect(viewerMentions).toEqual([expect.objectContaining({ kind: "MENTIONED", commentId: comment.id })]);

    const current = await owner.task.get({ id: task.id });
    await owner.task.update({
      id: task.id,
      version: current.version,
      description: `Ping ${mention(team.admin)} and ${mention(outsider)}`,
    });
    expect((await inbox(team.admin.id)).filter((n) => n.taskId === task.id).map((n) => n.kind)).toEqual(["MENTIONED"]);
  });

  it("follows each person's preference per kind, and forgets people who left the workspace", async () => {
    const fresh = await makeTeam();
    await callerFor(fresh.member).notification.setPreferences({ channels: { COMMENTED: "OFF", ASSIGNED: "INBOX" } });
    const owner = callerFor(fresh.owner);
    const task = await owner.task.create({ projectId: fresh.project.id, title: "Prefs", assigneeId: fresh.member.id });
    await callerFor(fresh.admin).comment.add({ taskId: task.id, body: "A comment" });
    const current = await owner.task.get({ id: task.id });
    await owner.task.update({ id: task.id, version: current.version, status: "DONE" });
    expect((await inbox(fresh.member.id)).map((n) => [n.kind, n.emailState])).toEqual([
      ["ASSIGNED", "NONE"],
      ["STATUS_CHANGED", "PENDING"],
    ]);

    await db.membership.deleteMany({ where: { workspaceId: fresh.workspace.id, userId: fresh.admin.id } });
    const later = await owner.task.get({ id: task.id });
    await owner.task.update({ id: task.id, version: later.version, status: "TODO" });
    // The change before they left reached them; the one after did not.
    expect((await inbox(fresh.admin.id)).filter((n) => n.kind === "STATUS_CHANGED").map((n) => n.detail)).toEqual([
      "DONE",
    ]);
  });

  it("keeps each inbox to its owner: read, unread, archive and the count", async () => {
    const fresh = await makeTeam();
    const owner = callerFor(fresh.owner);
    const a = await owner.task.create({ projectId: fresh.project.id, title: "A", assigneeId: fresh.member.id });
    const b = await owner.task.create({ projectId: fresh.project.id, title: "B", assigneeId: fresh.member.id });
    await owner.task.create({ projectId: fresh.project.id, title: "C", assigneeId: fresh.admin.id });
    const member = callerFor(fresh.member);
    expect(await member.notification.unreadCount()).toEqual({ unread: 2 });

    const page = await member.notification.list({ limit: 1 });
    expect(page.items.map((n) => n.task?.title)).toEqual(["B"]);
    expect(page.items[0]!.task?.url).toBe(`/w/${fresh.workspace.slug}/t/WEB-2`);
    const rest = await member.notification.list({ limit: 1, cursor: page.nextCursor, direction: "forward" });
    expect(rest.items.map((n) => n.task?.title)).toEqual(["A"]);
    expect(rest.nextCursor).toBeNull();

    // Someone else's ids change nothing.
    const adminIds = (await callerFor(fresh.admin).notification.list({})).items.map((n) => n.id);
    await member.notification.markRead({ selection: { ids: adminIds } });
    expect(await callerFor(fresh.admin).notification.unreadCount()).toEqual({ unread: 1 });

    expect(await member.notification.markRead({ selection: { taskId: a.id } })).toEqual({ unread: 1 });
    expect(await member.notification.markRead({ selection: { taskId: a.id }, read: false })).toEqual({ unread: 2 });
    expect(await member.notification.archive({ selection: { taskId: b.id } })).toEqual({ unread: 1 });
    expect((await member.notification.list({ filter: "archived" })).items.map((n) => n.task?.title)).toEqual(["B"]);
    expect(await member.notification.markRead({ selection: { all: true } })).toEqual({ unread: 0 });
    expect((await member.notification.list({ filter: "unread" })).items).toEqual([]);
  });

  it("sends the unread count when it changes", async () => {
    const fresh = await makeTeam();
    const stream = (await callerFor(fresh.member).notification.watch())[Symbol.asyncIterator]();
    expect((await stream.next()).value).toEqual({ unread: 0 });
    const next = stream.next();
    await callerFor(fresh.owner).task.create({
      projectId: fresh.project.id,
      title: "Ring",
      assigneeId: fresh.member.id,
    });
    expect((await next).value).toEqual({ unread: 1 });
    await stream.return?.(undefined);
  });

  it("follows and unfollows by hand", async () => {
    const task = await callerFor(team.owner).task.create({ projectId: team.project.id, title: "Follow me" });
    const viewer = callerFor(team.viewer);
    expect(await viewer.notification.following({ taskId: task.id })).toEqual({ following: false });
    await viewer.notification.follow({ taskId: task.id, following: true });
    await callerFor(team.member).comment.add({ taskId: task.id, body: "Hello" });
    expect((await inbox(team.viewer.id)).filter((n) => n.taskId === task.id).map((n) => n.kind)).toEqual(["COMMENTED"]);
    await viewer.notification.follow({ taskId: task.id, following: false });
    await callerFor(team.member).comment.add({ taskId: task.id, body: "Again" });
    expect((await inbox(team.viewer.id)).filter((n) => n.taskId === task.id)).toHaveLength(1);
  });

  it("refuses a time zone that does not exist, and keeps one already set over a browser's guess", async () => {
    const user = await makeUser();
    const caller = callerFor(user);
    await expect(caller.notification.setPreferences({ timeZone: "Mars/Olympus" })).rejects.toThrow(/not a time zone/);
    expect((await caller.notification.guessTimeZone({ timeZone: "Pacific/Honolulu" })).timeZone).toBe(
      "Pacific/Honolulu",
    );
    expect((await caller.notification.guessTimeZone({ timeZone: "Europe/Berlin" })).timeZone).toBe("Pacific/Honolulu");
    expect((await caller.notification.setPreferences({ timeZone: "Europe/Berlin" })).timeZone).toBe("Europe/Berlin");
  });

  it("writes a comment's notifications for 1 000 followers with one INSERT, in the comment's transaction", async () => {
    const fresh = await makeTeam();
    const task = await callerFor(fresh.owner).task.create({ projectId: fresh.project.id, title: "Popular" });
    const users = await db.user.createManyAndReturn({
      data: Array.from({ length: 1000 }, (_, i) => ({ email: `f${i}-${task.id}@example.test`, name: `F${i}` })),
      select: { id: true },
    });
    await db.membership.createMany({
      data: users.map((u) => ({ workspaceId: fresh.workspace.id, userId: u.id, role: "VIEWER" as const })),
    });
    await db.taskFollower.createMany({ data: users.map((u) => ({ taskId: task.id, userId: u.id })) });

    const sent = await captureStatements(async () => {
      await callerFor(fresh.member).comment.add({ taskId: task.id, body: "News for everyone" });
      await fanoutsSettled();
    });
    expect(sent.notificationInserts).toBe(1);
    // The comment's transaction, then the fan-out's single statement.
    expect(sent.transactions).toBe(1);
    expect(await db.notification.count({ where: { taskId: task.id, kind: "COMMENTED" } })).toBe(1001);
    expect(await db.notificationFanout.count({ where: { taskId: task.id } })).toBe(0);
  });

  it("writes followers' notifications left by a stopped process once, even when two jobs overlap", async () => {
    const fresh = await makeTeam();
    const task = await callerFor(fresh.owner).task.create({ projectId: fresh.project.id, title: "Left over" });
    await callerFor(fresh.member).notification.follow({ taskId: task.id, following: true });
    // A change committed outside a call (as if the process stopped before its fan-out ran).
    await db.$transaction((tx) =>
      notify(tx, [
        {
          workspaceId: fresh.workspace.id,
          taskId: task.id,
          actorId: fresh.admin.id,
          kind: "STATUS_CHANGED",
          recipients: [],
          followers: true,
          detail: "DONE",
        },
      ]),
    );
    expect(await inbox(fresh.member.id)).toEqual([]);
    const later = new Date(Date.now() + 2 * 60_000);
    const [a, b] = await Promise.all([runNotificationJob(db, later), runNotificationJob(db, later)]);
    expect(a.followers.fanouts + b.followers.fanouts).toBe(1);
    expect((await inbox(fresh.member.id)).map((n) => [n.kind, n.detail])).toEqual([["STATUS_CHANGED", "DONE"]]);
    expect((await inbox(fresh.owner.id)).map((n) => n.kind)).toEqual(["STATUS_CHANGED"]);
  });
});
