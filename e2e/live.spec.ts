import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessibleInBothSchemes } from "./pages/a11y";
import { AppPage } from "./pages/app";
import { newCredentials, type Credentials } from "./pages/auth";
import { AttachmentsPage } from "./pages/attachments";
import { LivePage } from "./pages/live";
import { People } from "./pages/team";

// Two people in one workspace, each in a browser of their own: what one changes, the other sees
// without reloading. Runs the same on one instance's in-process doorbell and on Redis pub/sub.
test.describe.configure({ mode: "serial" });

const ada: Credentials = { ...newCredentials("ada"), name: "Ada Lovelace" };
const bob: Credentials = { ...newCredentials("bob"), name: "Bob Baker" };
const KEY = "LIVE";
let slug = "";

// Wide enough for all six board columns, so a drag needs no scrolling.
const people = new People({ width: 2200, height: 900 });
const browserFor = (browser: Browser, who?: Credentials) => people.open(browser, who);

// Resolves once the server has answered the procedure's call, so a deadline counts from the commit.
function answered(page: Page, procedure: string) {
  return page.waitForResponse((r) => r.url().includes(`/api/trpc/${procedure}`) && r.request().method() === "POST");
}

test.afterEach(() => people.closeAll());

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  slug = await people.setUpTeam(browser, {
    owner: ada,
    member: bob,
    workspace: "Live Launch Team",
    project: "Launch",
    key: KEY,
    tasks: ["Write the release notes", "Record the demo"],
  });
});

test("a card one person moves and renames moves and is renamed on the other's board within 2 s, without a reload", async ({
  browser,
}) => {
  const [a, b] = await Promise.all([browserFor(browser, ada), browserFor(browser, bob)]);
  const boardA = new AppPage(a);
  const boardB = new AppPage(b);
  const liveB = new LivePage(b);
  const board = `/w/${slug}/p/${KEY}/board`;
  await Promise.all([a.goto(board), b.goto(board)]);
  await expect(boardA.card("Record the demo")).toBeVisible();
  await expect(boardB.column("TODO").getByRole("link", { name: "Record the demo", exact: true })).toBeVisible();
  await expect(new LivePage(a).indicator()).toBeVisible();
  await expect(liveB.indicator()).toBeVisible();
  await expect(liveB.viewer(ada.name, "on the board")).toHaveText("AL");
  await liveB.markDocument();

  const moved = answered(a, "task.move");
  await boardA.dragCardTo("Record the demo", "IN_PROGRESS");
  expect((await moved).ok()).toBe(true);
  await expect(boardB.column("IN_PROGRESS").getByRole("link", { name: "Record the demo", exact: true })).toBeVisible({
    timeout: 2000,
  });
  await expect(boardB.column("TODO").getByRole("link", { name: "Record the demo", exact: true })).toHaveCount(0);

  await a.goto(`/w/${slug}/t/${KEY}-2`);
  await a.getByLabel("Title").fill("Record the demo video");
  const renamed = answered(a, "task.update");
  await a.getByLabel("Title").press("Enter");
  expect((await renamed).ok()).toBe(true);
  await expect(
    boardB.column("IN_PROGRESS").getByRole("link", { name: "Record the demo video", exact: true }),
  ).toBeVisible({ timeout: 2000 });

  await liveB.expectSameDocument();
  await expect(b).toHaveURL(board);
  await expect(liveB.indicator()).toBeVisible();
  await expectAccessibleInBothSchemes(b, "board with live updates");
});

test("when someone else renames a task, a person editing its title keeps the draft and is offered a reload", async ({
  browser,
}) => {
  const [a, b] = await Promise.all([browserFor(browser, ada), browserFor(browser, bob)]);
  const liveB = new LivePage(b);
  const task = `/w/${slug}/t/${KEY}-1`;
  await Promise.all([a.goto(task), b.goto(task)]);
  await expect(a.getByLabel("Title")).toHaveValue("Write the release notes");
  await expect(b.getByLabel("Title")).toHaveValue("Write the release notes");
  // Bob sees that Ada has the task open.
  await expect(liveB.viewer(ada.name, "on this task")).toHaveText("AL");
  await liveB.markDocument();

  // Bob types a new title and has not saved it (the field keeps focus; leaving it would save).
  const draft = "Write the release notes, with the upgrade steps";
  await b.getByLabel("Title").fill(draft);

  await a.getByLabel("Title").fill("Write the 2.0 release notes");
  const renamed = answered(a, "task.update");
  await a.getByLabel("Title").press("Enter");
  expect((await renamed).ok()).toBe(true);

  await expect(liveB.changedBanner(ada.name)).toBeVisible();
  await expect(b.getByLabel("Title")).toHaveValue(draft);
  await expect(b.getByLabel("Title")).toBeFocused();
  await expect(liveB.viewer(ada.name, "on this task")).toHaveText("AL");
  await expectAccessibleInBothSchemes(b, "task with a changed-by banner");
  await expect(b.getByLabel("Title")).toHaveValue(draft);

  await liveB.reloadFromBanner(ada.name);
  await expect(b.getByLabel("Title")).toHaveValue("Write the 2.0 release notes");
  await expect(liveB.changedBanner(ada.name)).toHaveCount(0);
  await liveB.expectSameDocument();
});

test("a file one person attaches appears on the other's task page without a reload, and goes when deleted", async ({
  browser,
}) => {
  const [a, b] = await Promise.all([browserFor(browser, ada), browserFor(browser, bob)]);
  const [filesA, filesB] = [new AttachmentsPage(a), new AttachmentsPage(b)];
  const liveB = new LivePage(b);
  const task = `/w/${slug}/t/${KEY}-2`;
  await Promise.all([a.goto(task), b.goto(task)]);
  await expect(liveB.viewer(ada.name, "on this task")).toHaveText("AL");
  await liveB.markDocument();

  const completed = answered(a, "attachment.complete");
  await filesA.choose([{ name: "demo-script.md", mimeType: "text/markdown", buffer: Buffer.from("# Demo\n") }]);
  expect((await completed).ok()).toBe(true);
  await expect(filesB.row("demo-script.md")).toBeVisible({ timeout: 2_000 });
  // Bob is a member: he may attach, but not delete what Ada attached.
  await expect(filesB.row("demo-script.md").getByRole("button", { name: "Delete demo-script.md" })).toHaveCount(0);

  const deleted = answered(a, "attachment.delete");
  await filesA.delete("demo-script.md");
  expect((await deleted).ok()).toBe(true);
  await expect(filesB.row("demo-script.md")).toHaveCount(0, { timeout: 2_000 });
  await liveB.expectSameDocument();
});
