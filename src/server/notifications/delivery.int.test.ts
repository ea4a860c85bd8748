// Notification delivery end to end: batched email over SMTP to a real local server, one-click
// unsubscribe, due-date reminders in people's time zones, and exactly-once under overlapping cron runs.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { NotificationKind } from "~/generated/prisma/enums";
import type * as mailerModule from "~/server/mail/mailer";
import { linkToken, startMailServer, type CapturedMail } from "../../../tests/mail-server";

// Email goes over SMTP to a real local server, so the environment is set before the app's modules load.
const mail = await startMailServer();
process.env.SMTP_HOST = "127.0.0.1";
process.env.SMTP_PORT = String(mail.port);
process.env.APP_URL = "http://localhost:3000";
process.env.NOTIFICATION_EMAIL_DELAY_MINUTES = "5";
process.env.CRON_SECRET = "cron-secret-for-tests-0123456789";

// The real mailer, wrapped so that a test can make one send fail (SMTP down) or hang after sending
// (the process dying right after the email went out).
vi.mock("~/server/mail/mailer", async (importOriginal) => {
  const real = await importOriginal<typeof mailerModule>();
  return { ...real, sendMail: vi.fn(real.sendMail) };
});

const { db } = await import("~/server/db");
const { sendMail } = await import("~/server/mail/mailer");
const { sendMail: realSendMail } = await vi.importActual<typeof mailerModule>("~/server/mail/mailer");
const { callerFor, makeTeam, makeUser } = await import("../../../tests/fixtures");
const { fanoutsSettled, notify } = await import("./service");
const email = await import("./email");
// Followers are told right after a change commits; a flush in these tests comes after that.
const flushNotificationEmails: typeof email.flushNotificationEmails = async (...args) => {
  await fanoutsSettled();
  return email.flushNotificationEmails(...args);
};
const { dueStage } = await import("./reminders");
const { runNotificationJob } = await import("~/server/jobs/notifications");
const unsubscribeRoute = await import("~/app/api/notifications/unsubscribe/route");
const cronRoute = await import("~/app/api/cron/notifications/route");
const { default: UnsubscribePage } = await import("~/app/unsubscribe/page");

afterAll(async () => {
  await mail.close();
});

const MINUTE = 60_000;
const APP = "http://localhost:3000";
type Team = Awaited<ReturnType<typeof makeTeam>>;

const mailsTo = (email: string, subject?: RegExp): CapturedMail[] =>
  mail.messages.filter((m) => m.to.includes(email) && (!subject || subject.test(m.subject)));

/** A task made through the API, then given an assignee and due date directly (no assignment notification). */
async function makeTask(team: Team, title: string, fields: { assigneeId?: string; dueDate?: Date } = {}) {
  const task = await callerFor(team.owner).task.create({ projectId: team.project.id, title });
  if (fields.assigneeId || fields.dueDate) {
    await db.task.update({ where: { id: task.id }, data: { assigneeId: fields.assigneeId, dueDate: fields.dueDate } });
  }
  return task;
}

async function notifyAt(
  at: Date,
  team: Team,
  taskId: string,
  kind: NotificationKind,
  actorId: string | null,
  recipients: string[],
  detail: string | null = null,
) {
  return db.$transaction((tx) =>
    notify(tx, [{ workspaceId: team.workspace.id, taskId, actorId, kind, recipients, detail }], at),
  );
}

const unsubscribePost = (token: string) =>
  unsubscribeRoute.POST(
    new Request(`${APP}/api/notifications/unsubscribe?token=${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
  );

const channelOf = async (userId: string, kind: NotificationKind) =>
  (await db.notificationPreference.findUnique({ where: { userId_kind: { userId, kind } } }))?.channel ?? "EMAIL";

describe("notification email", () => {
  it("sends ten changes within the delay as one email once the window has passed, and none before", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "Fix the login");
    const t0 = new Date();
    for (let i = 0; i < 10; i++) {
      await notifyAt(
        new Date(t0.getTime() + i * 20_000),
        team,
        task.id,
        "STATUS_CHANGED",
        team.owner.id,
        [team.member.id],
        i % 2 ? "IN_PROGRESS" : "IN_REVIEW",
      );
    }

    await flushNotificationEmails(db, new Date(t0.getTime() + 4 * MINUTE));
    expect(mailsTo(team.member.email)).toHaveLength(0);

    await flushNotificationEmails(db, new Date(t0.getTime() + 5 * MINUTE));
    const sent = mailsTo(team.member.email);
    expect(sent).toHaveLength(1);
    const [email] = sent;
    expect(email!.subject).toBe(`10 updates on WEB-${task.number} Fix the login`);
    expect(email!.text).toContain("- Owner moved it to In progress");
    expect(email!.text).toContain(`${APP}/w/${team.workspace.slug}/t/WEB-${task.number}`);
    expect(email!.text).toContain(`${APP}/inbox`);
    expect(email!.text).toContain(`${APP}/account#notifications`);
    expect(email!.text).toMatch(/Content-Type: text\/plain/i);
    expect(email!.text).toMatch(/Content-Type: text\/html/i);
    // RFC 8058 one-click unsubscribe, and the same link in the body.
    const token = linkToken(email!, "/api/notifications/unsubscribe");
    const headers = email!.headers;
    expect(headers).toContain(`List-Unsubscribe: <${APP}/api/notifications/unsubscribe?token=${token}>`);
    expect(headers).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(await db.notification.count({ where: { userId: team.member.id, emailState: "SENT" } })).toBe(10);

    // Later runs send nothing more.
    await flushNotificationEmails(db, new Date(t0.getTime() + 20 * MINUTE));
    expect(mailsTo(team.member.email)).toHaveLength(1);
  });

  it("sends one notification as a sentence naming who did what", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "Write the release notes");
    const t0 = new Date();
    await notifyAt(t0, team, task.id, "ASSIGNED", team.admin.id, [team.member.id]);
    await flushNotificationEmails(db, new Date(t0.getTime() + 5 * MINUTE));
    expect(mailsTo(team.member.email).map((m) => m.subject)).toEqual([
      `Admin assigned you WEB-${task.number} Write the release notes`,
    ]);
  });

  it("sends nothing for a person's own change", async () => {
    const team = await makeTeam();
    // The member creates the task (and so follows it); the admin follows it by hand.
    const task = await callerFor(team.member).task.create({ projectId: team.project.id, title: "Own change" });
    await callerFor(team.admin).notification.follow({ taskId: task.id, following: true });
    const t0 = Date.now();
    const moved = await callerFor(team.member).task.update({
      id: task.id,
      version: task.version,
      status: "IN_PROGRESS",
    });
    await callerFor(team.member).comment.add({ taskId: task.id, body: "Started on it." });

    await flushNotificationEmails(db, new Date(t0 + 6 * MINUTE));
    expect(await db.notification.count({ where: { userId: team.member.id } })).toBe(0);
    expect(mailsTo(team.member.email)).toHaveLength(0);
    // One email per kind, sent side by side.
    expect(
      mailsTo(team.admin.email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual([
      `Member commented on WEB-${task.number} Own change`,
      `Member moved WEB-${task.number} Own change to In progress`,
    ]);
    expect(mailsTo(team.admin.email, /commented/)[0]!.text).toContain("Started on it.");

    // Someone else's change to the same task does reach the member.
    await callerFor(team.admin).task.update({ id: task.id, version: moved.version, status: "IN_REVIEW" });
    await flushNotificationEmails(db, new Date(t0 + 12 * MINUTE));
    expect(mailsTo(team.member.email).map((m) => m.subject)).toEqual([
      `Admin moved WEB-${task.number} Own change to In review`,
    ]);
    expect(mailsTo(team.admin.email)).toHaveLength(2);
  });

  it("does nothing when someone mentions a person outside the workspace", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "Mention an outsider");
    const t0 = Date.now();
    await callerFor(team.member).comment.add({
      taskId: task.id,
      body: `@[${team.outsider.name}](user:${team.outsider.id}) and @[${team.admin.name}](user:${team.admin.id}), have a look`,
    });
    // Told directly, too: someone outside the workspace is dropped.
    await notifyAt(new Date(t0), team, task.id, "MENTIONED", team.member.id, [team.outsider.id]);

    await flushNotificationEmails(db, new Date(t0 + 6 * MINUTE));
    expect(await db.notification.count({ where: { userId: team.outsider.id } })).toBe(0);
    expect(await db.taskFollower.count({ where: { userId: team.outsider.id } })).toBe(0);
    expect(mailsTo(team.outsider.email)).toHaveLength(0);
    // The member mentioned with them is told, and reads the comment with mentions as names.
    const [told] = mailsTo(team.admin.email);
    expect(told!.subject).toBe(`Member mentioned you on WEB-${task.number} Mention an outsider`);
    expect(told!.text).toContain("@Outsider and @Admin, have a look");
  });

  it("sends no notification email to an address that was never confirmed, and keeps it in the inbox", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "Unconfirmed");
    const unconfirmed = await makeUser("Unconfirmed");
    await db.user.update({ where: { id: unconfirmed.id }, data: { emailVerified: null } });
    await db.membership.create({ data: { workspaceId: team.workspace.id, userId: unconfirmed.id, role: "MEMBER" } });
    const t0 = new Date();
    await notifyAt(t0, team, task.id, "ASSIGNED", team.owner.id, [unconfirmed.id]);
    await flushNotificationEmails(db, new Date(t0.getTime() + 5 * MINUTE));
    expect(mailsTo(unconfirmed.email)).toHaveLength(0);
    expect(await db.notification.findMany({ where: { userId: unconfirmed.id }, select: { emailState: true } })).toEqual(
      [{ emailState: "NONE" }],
    );
  });

  it("puts a batch back when sending fails (SMTP down) and sends it with the next run", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "Retry");
    const t0 = new Date();
    await notifyAt(t0, team, task.id, "COMMENTED", team.owner.id, [team.member.id]);
    vi.mocked(sendMail).mockImplementation(async (m) => {
      if (m.to === team.member.email) throw new Error("connect ECONNREFUSED 127.0.0.1:25");
      return realSendMail(m);
    });
    const failed = await flushNotificationEmails(db, new Date(t0.getTime() + 5 * MINUTE));
    vi.mocked(sendMail).mockImplementation(realSendMail);
    expect(failed.failed).toBe(1);
    expect(mailsTo(team.member.email)).toHaveLength(0);
    expect(await db.notification.count({ where: { userId: team.member.id, emailState: "PENDING" } })).toBe(1);
    // The link of the email that never went out is gone with it.
    expect(await db.unsubscribeToken.count({ where: { userId: team.member.id } })).toBe(0);

    await flushNotificationEmails(db, new Date(t0.getTime() + 10 * MINUTE));
    expect(mailsTo(team.member.email).map((m) => m.subject)).toEqual([`Owner commented on WEB-${task.number} Retry`]);
  });
});

describe("one-click unsubscribe", () => {
  it("turns off email for that kind only, signed out, once per token", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "Unsubscribe");
    const t0 = new Date();
    await notifyAt(t0, team, task.id, "MENTIONED", team.owner.id, [team.member.id]);
    await notifyAt(t0, team, task.id, "COMMENTED", team.owner.id, [team.member.id]);
    await flushNotificationEmails(db, new Date(t0.getTime() + 5 * MINUTE));
    const [mentioned] = mailsTo(team.member.email, /mentioned you/);
    expect(mailsTo(team.member.email)).toHaveLength(2);
    const token = linkToken(mentioned!, "/api/notifications/unsubscribe");

    // Opening the link (a person, or a mail scanner) changes nothing: it leads to a page with a button.
    const opened = unsubscribeRoute.GET(new Request(`${APP}/api/notifications/unsubscribe?token=${token}`));
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe(`/unsubscribe?token=${token}`);
    expect(await channelOf(team.member.id, "MENTIONED")).toBe("EMAIL");

    // The one-click POST, with no cookie.
    const first = await unsubscribePost(token);
    expect(first.status).toBe(200);
    expect(await channelOf(team.member.id, "MENTIONED")).toBe("INBOX");
    expect(await channelOf(team.member.id, "COMMENTED")).toBe("EMAIL");

    // The person turns email back on; the used link cannot turn it off again.
    await callerFor(team.member).notification.setPreferences({ channels: { MENTIONED: "EMAIL" } });
    const second = await unsubscribePost(token);
    expect(second.status).toBe(410);
    expect(((await second.json()) as { error: string }).error).toMatch(/already been used/);
    expect(await channelOf(team.member.id, "MENTIONED")).toBe("EMAIL");

    const unknown = await unsubscribePost("A".repeat(43));
    expect(unknown.status).toBe(404);
    expect((await unsubscribePost("not-a-token")).status).toBe(404);
  });

  it("after unsubscribing, that kind stays in the inbox and other kinds are still emailed", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "After unsubscribe");
    let t = Date.now();
    await notifyAt(new Date(t), team, task.id, "MENTIONED", team.owner.id, [team.member.id]);
    await flushNotificationEmails(db, new Date((t += 5 * MINUTE)));
    const token = linkToken(mailsTo(team.member.email)[0]!, "/api/notifications/unsubscribe");
    expect((await unsubscribePost(token)).status).toBe(200);

    await notifyAt(new Date(t), team, task.id, "MENTIONED", team.owner.id, [team.member.id]);
    await notifyAt(new Date(t), team, task.id, "COMMENTED", team.owner.id, [team.member.id]);
    await flushNotificationEmails(db, new Date((t += 5 * MINUTE)));
    expect(mailsTo(team.member.email).map((m) => m.subject)).toEqual([
      `Owner mentioned you on WEB-${task.number} After unsubscribe`,
      `Owner commented on WEB-${task.number} After unsubscribe`,
    ]);
    expect(await db.notification.count({ where: { userId: team.member.id, kind: "MENTIONED" } })).toBe(2);
  });

  it("shows a page with a button that posts the unsubscribe, and says when the link was used", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "Page");
    const t0 = new Date();
    await notifyAt(t0, team, task.id, "COMMENTED", team.owner.id, [team.member.id]);
    await flushNotificationEmails(db, new Date(t0.getTime() + 5 * MINUTE));
    const token = linkToken(mailsTo(team.member.email)[0]!, "/api/notifications/unsubscribe");
    const page = async (params: Record<string, string>) =>
      renderToStaticMarkup(await UnsubscribePage({ searchParams: Promise.resolve(params) }));

    const before = await page({ token });
    expect(before).toContain("comments on tasks you follow");
    expect(before).toContain(`<form action="/api/notifications/unsubscribe?token=${token}" method="post">`);
    expect(before).toContain('<button type="submit"');
    expect(await channelOf(team.member.id, "COMMENTED")).toBe("EMAIL");

    expect((await unsubscribePost(token)).status).toBe(200);
    expect(await page({ token, result: "done" })).toContain("Done: you will no longer get email about");
    expect(await page({ token })).toContain("already been used");
    expect(await page({ token: "nonsense" })).toContain("not valid");
  });

  it("from the page's button, comes back to the page with the outcome", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "Page button");
    const t0 = new Date();
    await notifyAt(t0, team, task.id, "ASSIGNED", team.owner.id, [team.member.id]);
    await flushNotificationEmails(db, new Date(t0.getTime() + 5 * MINUTE));
    const token = linkToken(mailsTo(team.member.email)[0]!, "/api/notifications/unsubscribe");
    const res = await unsubscribeRoute.POST(
      new Request(`${APP}/api/notifications/unsubscribe?token=${token}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click&from=page",
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/unsubscribe?token=${token}&result=done`);
    expect(await channelOf(team.member.id, "ASSIGNED")).toBe("INBOX");
  });
});

describe("the cron route", () => {
  it("runs only with the cron secret, and answers what it sent", async () => {
    const call = (authorization?: string) =>
      cronRoute.GET(new Request(`${APP}/api/cron/notifications`, { headers: authorization ? { authorization } : {} }));
    expect((await call()).status).toBe(401);
    expect((await call("Bearer wrong-secret-wrong-secret-00")).status).toBe(401);
    const res = await call(`Bearer ${process.env.CRON_SECRET}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ job: "notifications", reminders: {}, email: {} });
  });
});

describe("due-date reminders", () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

  it("sends a reminder once when two cron runs overlap", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "Ship it", { assigneeId: team.member.id, dueDate: day("2030-01-15") });
    const now = new Date("2030-01-15T09:00:00.000Z");
    const [a, b] = await Promise.all([runNotificationJob(db, now), runNotificationJob(db, now)]);
    expect(a.reminders.reminders + b.reminders.reminders).toBe(1);
    const rows = await db.notification.findMany({ where: { userId: team.member.id, kind: "DUE" } });
    expect(rows.map((r) => [r.taskId, r.detail, r.emailState])).toEqual([[task.id, "today", "SENT"]]);
    expect(mailsTo(team.member.email).map((m) => m.subject)).toEqual([`WEB-${task.number} Ship it is due today`]);

    // A later run the same day sends nothing more.
    await runNotificationJob(db, new Date("2030-01-15T09:05:00.000Z"));
    expect(mailsTo(team.member.email)).toHaveLength(1);
  });

  it("sends a reminder once after a run that died right after sending", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "Crash", { assigneeId: team.member.id, dueDate: day("2030-02-11") });
    // The first run sends the email and then never finishes, as if its process were killed there.
    vi.mocked(sendMail).mockImplementation(async (m) => {
      await realSendMail(m);
      if (m.to === team.member.email) await new Promise<void>(() => undefined);
    });
    void runNotificationJob(db, new Date("2030-02-10T09:00:00.000Z"));
    await mail.waitFor(team.member.email, /is due tomorrow/);
    vi.mocked(sendMail).mockImplementation(realSendMail);

    // The next cron run finds the reminder claimed and the email claimed.
    const next = await runNotificationJob(db, new Date("2030-02-10T09:05:00.000Z"));
    expect(next.reminders.reminders).toBe(0);
    expect(mailsTo(team.member.email).map((m) => m.subject)).toEqual([`WEB-${task.number} Crash is due tomorrow`]);
    expect(await db.notification.count({ where: { userId: team.member.id, kind: "DUE" } })).toBe(1);
  });

  it("sends tomorrow, today and overdue once each, and nothing for a finished task or one in the trash", async () => {
    const team = await makeTeam();
    const task = await makeTask(team, "Stages", { assigneeId: team.member.id, dueDate: day("2030-03-20") });
    const done = await makeTask(team, "Done", { assigneeId: team.member.id, dueDate: day("2030-03-20") });
    const trashed = await makeTask(team, "Trashed", { assigneeId: team.member.id, dueDate: day("2030-03-20") });
    await db.task.update({ where: { id: done.id }, data: { status: "DONE" } });
    await db.task.update({ where: { id: trashed.id }, data: { deletedAt: new Date() } });
    for (const at of [
      "2030-03-19T08:00:00Z",
      "2030-03-19T18:00:00Z",
      "2030-03-20T08:00:00Z",
      "2030-03-21T08:00:00Z",
      "2030-03-22T08:00:00Z",
    ]) {
      await runNotificationJob(db, new Date(at));
    }
    const rows = await db.notification.findMany({
      where: { userId: team.member.id, kind: "DUE" },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [r.taskId, r.detail])).toEqual([
      [task.id, "tomorrow"],
      [task.id, "today"],
      [task.id, "overdue"],
    ]);
    expect(mailsTo(team.member.email).map((m) => m.subject)).toEqual([
      `WEB-${task.number} Stages is due tomorrow`,
      `WEB-${task.number} Stages is due today`,
      `WEB-${task.number} Stages is overdue (due Mar 20, 2030)`,
    ]);
  });

  it("judges the date in each assignee's time zone: due today in UTC−10, overdue in UTC+14", async () => {
    const team = await makeTeam();
    await db.user.update({ where: { id: team.member.id }, data: { timeZone: "Pacific/Honolulu" } });
    await db.user.update({ where: { id: team.admin.id }, data: { timeZone: "Pacific/Kiritimati" } });
    const due = day("2030-04-10");
    const honolulu = await makeTask(team, "Honolulu", { assigneeId: team.member.id, dueDate: due });
    const kiritimati = await makeTask(team, "Kiritimati", { assigneeId: team.admin.id, dueDate: due });
    const utc = await makeTask(team, "UTC", { assigneeId: team.viewer.id, dueDate: due });

    // 12:00 UTC on April 10 is 02:00 on April 10 in Honolulu and 02:00 on April 11 in Kiritimati.
    const now = new Date("2030-04-10T12:00:00.000Z");
    expect(dueStage(due, now, "Pacific/Honolulu")).toBe("today");
    expect(dueStage(due, now, "Pacific/Kiritimati")).toBe("overdue");
    // One second before 10:00 UTC it is still April 9 in Honolulu.
    expect(dueStage(due, new Date("2030-04-10T09:59:59.000Z"), "Pacific/Honolulu")).toBe("tomorrow");
    expect(dueStage(due, new Date("2030-04-09T09:59:59.000Z"), "Pacific/Kiritimati")).toBe("tomorrow");
    expect(dueStage(due, new Date("2030-04-09T10:00:00.000Z"), "Pacific/Kiritimati")).toBe("today");

    await runNotificationJob(db, now);
    const stageOf = async (userId: string, taskId: string) =>
      (await db.notification.findMany({ where: { userId, taskId, kind: "DUE" } })).map((r) => r.detail);
    expect(await stageOf(team.member.id, honolulu.id)).toEqual(["today"]);
    expect(await stageOf(team.admin.id, kiritimati.id)).toEqual(["overdue"]);
    expect(await stageOf(team.viewer.id, utc.id)).toEqual(["today"]);
    expect(mailsTo(team.member.email).map((m) => m.subject)).toEqual([`WEB-${honolulu.number} Honolulu is due today`]);
    expect(mailsTo(team.admin.email).map((m) => m.subject)).toEqual([
      `WEB-${kiritimati.number} Kiritimati is overdue (due Apr 10, 2030)`,
    ]);
  });
});
