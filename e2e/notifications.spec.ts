import { expect, test, type Browser } from "@playwright/test";
import { expectAccessibleInBothSchemes } from "./pages/a11y";
import { newCredentials, type Credentials } from "./pages/auth";
import { LivePage } from "./pages/live";
import { People } from "./pages/team";
import { NotificationsPage } from "./pages/notifications";

// Two people in one workspace, each in a browser of their own: one mentions the other in a comment,
// whose bell counts it without a reload; opening the task from the inbox reads it.
test.describe.configure({ mode: "serial" });

const ada: Credentials = { ...newCredentials("ada"), name: "Ada Lovelace" };
const bob: Credentials = { ...newCredentials("bob"), name: "Bob Baker" };
const KEY = "NOTE";
const TASK = "Draft the launch plan";
let slug = "";

const people = new People({ width: 1400, height: 900 });
const browserFor = (browser: Browser, who?: Credentials) => people.open(browser, who);

test.afterEach(() => people.closeAll());

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  slug = await people.setUpTeam(browser, {
    owner: ada,
    member: bob,
    workspace: "Notify Launch Team",
    project: "Launch",
    key: KEY,
    tasks: [TASK],
  });
});

test("a person mentioned in a comment sees the bell count it without a reload, and opening the task from the inbox reads it", async ({
  browser,
}) => {
  const [a, b] = await Promise.all([browserFor(browser, ada), browserFor(browser, bob)]);
  const inboxA = new NotificationsPage(a);
  const bobs = new NotificationsPage(b);
  const task = `/w/${slug}/t/${KEY}-1`;
  await Promise.all([a.goto(`/w/${slug}/p/${KEY}`), b.goto(task)]);
  await inboxA.expectUnread(0);
  await new LivePage(a).markDocument();

  // Bob types "@Ada", picks her from the list, and posts the comment.
  const comment = b.getByLabel("Add a comment");
  await comment.pressSequentially("Thanks ");
  await bobs.mention("Add a comment", "Ada", ada.name);
  await expect(comment).toHaveValue(/^Thanks @\[Ada Lovelace\]\(user:[A-Za-z0-9_-]+\) $/);
  await comment.pressSequentially("can you review the plan?");
  await b.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(bobs.mentionChip(ada.name)).toBeVisible();
  await expect(b.getByTestId("comments").getByRole("link", { name: /Ada/ })).toHaveCount(0);

  // Ada's bell counts it, live.
  const shown = Date.now();
  await inboxA.expectUnread(1);
  test.info().annotations.push({
    type: "bell",
    description: `counted the mention ${Date.now() - shown} ms after it was posted`,
  });
  await new LivePage(a).expectSameDocument();

  await inboxA.openInbox();
  const line = `${bob.name} mentioned you in a comment`;
  await expect(inboxA.item(line)).toBeVisible();
  await expect(a.getByRole("heading", { name: new RegExp(TASK) })).toBeVisible();
  await expect(a.getByTestId("inbox-unread")).toHaveText("1 unread");
  await expectAccessibleInBothSchemes(a, "inbox with a notification");

  // At a phone's width the inbox fits without scrolling sideways.
  await a.setViewportSize({ width: 390, height: 800 });
  await expect(inboxA.item(line)).toBeVisible();
  expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await a.setViewportSize({ width: 1400, height: 900 });

  await inboxA.itemLink(line).click();
  await a.waitForURL(new RegExp(`${task}$`));
  await expect(a.getByLabel("Title")).toHaveValue(TASK);
  await inboxA.expectUnread(0);
  await expect(inboxA.mentionChip(ada.name)).toBeVisible();
});

test("the inbox is worked from the keyboard: move, mark unread and read, archive", async ({ browser }) => {
  const a = await browserFor(browser, ada);
  const inbox = new NotificationsPage(a);
  await a.goto("/inbox");
  const line = `${bob.name} mentioned you in a comment`;
  const link = inbox.itemLink(line);
  await expect(link).toBeVisible();
  await expect(inbox.item(line).getByRole("button", { name: "Mark unread" })).toBeVisible();

  await a.keyboard.press("j");
  await expect(link).toBeFocused();
  await a.keyboard.press("u");
  await expect(inbox.item(line).getByRole("button", { name: "Mark read" })).toBeVisible();
  await expect(a.getByTestId("inbox-unread")).toHaveText("1 unread");
  await a.keyboard.press("u");
  await expect(inbox.item(line).getByRole("button", { name: "Mark unread" })).toBeVisible();
  await expect(a.getByTestId("inbox-unread")).toHaveText("No unread notifications");

  await a.keyboard.press("e");
  await expect(link).toHaveCount(0);
  await expect(a.getByText("No notifications yet.")).toBeVisible();
  await inbox.filter("Archived").click();
  await expect(inbox.itemLink(line)).toBeVisible();
  await inbox.filter("Unread").click();
  await expect(a.getByText("You're all caught up.")).toBeVisible();
});

test("a person follows and unfollows a task, and chooses per kind how to hear and their time zone", async ({
  browser,
}) => {
  const b = await browserFor(browser, bob);
  const notes = new NotificationsPage(b);
  await b.goto(`/w/${slug}/t/${KEY}-1`);
  // Bob commented, so he follows the task.
  await expect(notes.followButton()).toHaveText("Unfollow");
  await notes.followButton().click();
  await expect(notes.followButton()).toHaveText("Follow");
  await b.reload();
  await expect(notes.followButton()).toHaveText("Follow");

  // A mention in the description is picked with the mouse and reads as a chip once saved.
  await b.getByRole("button", { name: "Edit", exact: true }).click();
  const description = b.getByLabel("Description (Markdown)");
  await description.pressSequentially("Owner: @Lov");
  await notes.mentionOption(ada.name).click();
  await expect(description).toHaveValue(/^Owner: @\[Ada Lovelace\]\(user:[A-Za-z0-9_-]+\) $/);
  await expect(description).toBeFocused();
  await b.getByRole("button", { name: "Save", exact: true }).click();
  await expect(b.getByRole("region", { name: "Description" }).locator(".mention")).toHaveText(`@${ada.name}`);

  await b.goto("/account#notifications");
  const settings = notes.settings();
  await expect(settings).toBeVisible();
  // The time zone was guessed from the browser on the first visit.
  await expect(settings.getByLabel("Time zone")).not.toHaveValue("");
  const comments = settings.getByLabel("Comments on tasks you follow");
  await expect(comments).toHaveValue("EMAIL");
  await comments.selectOption("INBOX");
  await expect(b.getByText("Notification settings saved")).toBeVisible();
  await settings.getByLabel("Time zone").selectOption("Pacific/Kiritimati");
  await b.reload();
  await expect(notes.settings().getByLabel("Comments on tasks you follow")).toHaveValue("INBOX");
  await expect(notes.settings().getByLabel("Time zone")).toHaveValue("Pacific/Kiritimati");
  await expectAccessibleInBothSchemes(b, "account page with notification settings");
});

test("an unsubscribe link that is not valid says so, signed out, and the page passes the accessibility check", async ({
  page,
}) => {
  await page.goto("/unsubscribe?token=not-a-real-link");
  await expect(page.getByText("This unsubscribe link is not valid.")).toBeVisible();
  await expect(page.getByRole("button")).toHaveCount(0);
  await expectAccessibleInBothSchemes(page, "unsubscribe page");
});
