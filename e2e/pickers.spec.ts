import { expect as baseExpect, test, type Page } from "@playwright/test";
import { expectAccessibleInBothSchemes } from "./pages/a11y";
import { AppPage } from "./pages/app";
import { AuthPage } from "./pages/auth";
import { PickersPage } from "./pages/pickers";

// The seeded demo workspace: project WEB with tasks in every status, five labels, two people.
const DEMO = { email: "demo@taskmanager.local", password: "demo-password" };
const LIST = "/w/demo/p/WEB";

// Patient on a loaded machine: every change below also has to reach the server and come back.
const expect = baseExpect.configure({ timeout: 15_000 });
test.describe.configure({ mode: "serial", timeout: 120_000 });

async function signIn(page: Page) {
  await new AuthPage(page).fillSignIn(DEMO);
  await expect(page).not.toHaveURL(/\/sign-in/);
}

function answered(page: Page, procedure: string) {
  return page.waitForResponse((r) => r.url().includes(`/api/trpc/${procedure}`) && r.request().method() === "POST");
}

async function screenshots(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `e2e/screenshots/${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("list: every property changes from the keyboard, at once and for good", async ({ page }) => {
  const pickers = new PickersPage(page);
  await signIn(page);
  await page.goto(LIST);
  await expect(pickers.rows().first()).toBeVisible();

  await pickers.focusFirstRow();
  const first = (await pickers.focusedRowRef())!;
  await pickers.pick("p", "urg");
  await expect(pickers.chip("Priority", first)).toHaveAccessibleName(`Priority of ${first}: Urgent`);
  // Picking closes the popover and gives focus back to the chip.
  await expect(pickers.chip("Priority", first)).toBeFocused();

  // Down to the next row; its status changes, so it moves group, and keeps the focus.
  await page.keyboard.press("ArrowDown");
  const second = (await pickers.focusedRowRef())!;
  expect(second).not.toBe(first);
  const saved = answered(page, "task.update");
  await pickers.pick("s", "in review");
  await expect(pickers.chip("Status", second)).toHaveAccessibleName(`Status of ${second}: In review`);
  expect((await saved).ok()).toBe(true);
  await expect.poll(() => pickers.focusedRowRef()).toBe(second);

  await pickers.pick("a", "alex");
  await expect(pickers.chip("Assignee", second)).toHaveAccessibleName(`Assignee of ${second}: Alex Rivera`);

  // Labels toggle and the popover stays open until Escape, which gives focus back to the chip.
  await page.keyboard.press("l");
  await expect(pickers.search()).toBeFocused();
  await page.keyboard.type("docs");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog").getByRole("option", { name: /docs/ })).toContainText("(chosen)");
  await expectAccessibleInBothSchemes(page, "list with the labels picker open");
  await screenshots(page, "pickers-list-open");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "e2e/screenshots/pickers-list-open-phone.png" });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(pickers.chip("Labels", second)).toBeFocused();
  await expect(pickers.chip("Labels", second)).toHaveAccessibleName(/docs/);

  await pickers.pick("d", "tomorrow");
  await expect(pickers.chip("Due date", second)).toHaveAccessibleName(`Due date of ${second}: Tomorrow`);
  await expectAccessibleInBothSchemes(page, "list with pickers closed");

  await page.waitForLoadState("networkidle");
  await page.reload();
  await expect(pickers.chip("Priority", first)).toHaveAccessibleName(`Priority of ${first}: Urgent`);
  await expect(pickers.chip("Status", second)).toHaveAccessibleName(`Status of ${second}: In review`);
  await expect(pickers.chip("Assignee", second)).toHaveAccessibleName(`Assignee of ${second}: Alex Rivera`);
  await expect(pickers.chip("Labels", second)).toHaveAccessibleName(/docs/);
  await expect(pickers.chip("Due date", second)).toHaveAccessibleName(`Due date of ${second}: Tomorrow`);
});

test("list: a range chosen with shift changes priority in one action from the bulk bar", async ({ page }) => {
  const pickers = new PickersPage(page);
  await signIn(page);
  await page.goto(LIST);
  await expect(pickers.rows().first()).toBeVisible();
  const refs = await Promise.all((await pickers.rows().all()).slice(0, 8).map((r) => pickers.refOf(r)));

  await pickers.focusFirstRow();
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Shift+ArrowDown");
  const bar = page.getByRole("region", { name: "Bulk actions" });
  await expect(bar.getByText("3 selected")).toBeVisible();

  // A click on the fifth row's box, then a shift-click on the seventh's, takes in the three between.
  await page.getByRole("checkbox", { name: `Select ${refs[4]}`, exact: true }).click();
  await page.getByRole("checkbox", { name: `Select ${refs[6]}`, exact: true }).click({ modifiers: ["Shift"] });
  await expect(bar.getByText("6 selected")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: `Select ${refs[3]}`, exact: true })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: `Select ${refs[5]}`, exact: true })).toBeChecked();

  await bar.getByRole("button", { name: /^Set priority of selected/ }).focus();
  await page.keyboard.press("Enter");
  await expectAccessibleInBothSchemes(page, "bulk bar with the priority picker open");
  const saved = answered(page, "task.bulkUpdate");
  await pickers.choose("low");
  expect((await saved).ok()).toBe(true);
  await expect(bar.getByRole("button", { name: /^Set priority of selected/ })).toBeFocused();
  for (const ref of [refs[0], refs[1], refs[2], refs[4], refs[5], refs[6]]) {
    await expect(pickers.chip("Priority", ref)).toHaveAccessibleName(`Priority of ${ref}: Low`);
  }
  await expectAccessibleInBothSchemes(page, "list with the bulk bar");

  // Escape with a row focused clears the selection.
  await pickers.focusFirstRow();
  await page.keyboard.press("Escape");
  await expect(bar).toHaveCount(0);
  await page.reload();
  await expect(pickers.chip("Priority", refs[6])).toHaveAccessibleName(`Priority of ${refs[6]}: Low`);
});

test("list: a title is renamed in place; Escape leaves another as it was", async ({ page }) => {
  const pickers = new PickersPage(page);
  await signIn(page);
  await page.goto(LIST);
  await pickers.focusFirstRow();
  const ref = (await pickers.focusedRowRef())!;
  await page.keyboard.press("r");
  const title = page.getByRole("textbox", { name: `Title of ${ref}` });
  await expect(title).toBeFocused();
  await page.keyboard.type("Renamed in the list");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: "Renamed in the list", exact: true })).toBeVisible();
  await expect.poll(() => pickers.focusedRowRef()).toBe(ref);

  await page.keyboard.press("ArrowDown");
  const other = (await pickers.focusedRowRef())!;
  const before = await page
    .getByTestId("task-row")
    .filter({ has: page.locator(`[aria-label^="Status of ${other}:"]`) })
    .getByRole("link")
    .textContent();
  await page.keyboard.press("F2");
  await page.keyboard.type("Never saved");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("textbox", { name: `Title of ${other}` })).toHaveCount(0);
  await expect(page.getByRole("link", { name: before!, exact: true })).toBeVisible();

  await page.waitForLoadState("networkidle");
  await page.reload();
  await expect(page.getByRole("link", { name: "Renamed in the list", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Never saved" })).toHaveCount(0);
});

test("board: a focused card's priority and status change from the keyboard", async ({ page }) => {
  const pickers = new PickersPage(page);
  const app = new AppPage(page);
  await page.setViewportSize({ width: 2200, height: 900 });
  await signIn(page);
  await page.goto(`${LIST}/board`);
  const card = app.column("TODO").getByTestId("board-card").first();
  await expect(card).toBeVisible();
  const ref = (await card.getAttribute("data-task-ref"))!;

  const handle = card.getByRole("button", { name: new RegExp(`^Move ${ref} `) });
  await handle.focus();
  // Focus on a handle loads drag and drop, which swaps the plain cards for sortable ones; the keys
  // below are pressed once it has (the sortable handle carries dnd-kit's instructions).
  await expect(card.getByRole("button", { name: new RegExp(`^Move ${ref} `) })).toHaveAttribute(
    "aria-describedby",
    /DndDescribedBy/,
  );
  await expect(handle).toBeFocused();
  await pickers.pick("p", "high");
  await expect(pickers.chip("Priority", ref)).toHaveAccessibleName(`Priority of ${ref}: High`);

  await page.keyboard.press("s");
  await expect(pickers.search()).toBeFocused();
  await expectAccessibleInBothSchemes(page, "board with the status picker open");
  await page.keyboard.type("done");
  await page.keyboard.press("Enter");
  await expect(app.column("DONE").locator(`[data-task-ref="${ref}"]`)).toBeVisible();
  await expect(app.column("TODO").locator(`[data-task-ref="${ref}"]`)).toHaveCount(0);
  await page.waitForLoadState("networkidle");
  await page.reload();
  await expect(app.column("DONE").locator(`[data-task-ref="${ref}"]`)).toBeVisible();
  await expect(pickers.chip("Priority", ref)).toHaveAccessibleName(`Priority of ${ref}: High`);
});

test("task page: Tab reaches every property chip, and each changes from the keyboard", async ({ page }) => {
  const pickers = new PickersPage(page);
  await signIn(page);
  await page.goto("/w/demo/t/WEB-9");
  await expect(page.getByLabel("Title", { exact: true })).toBeVisible();
  await page.getByLabel("Title", { exact: true }).focus();

  await pickers.tabTo((el) => el.name.startsWith("Status: "));
  await page.keyboard.press("Enter");
  await pickers.choose("backlog");
  await expect(pickers.chip("Status")).toHaveAccessibleName("Status: Backlog");
  await expect(pickers.chip("Status")).toBeFocused();

  await page.keyboard.press("Tab");
  await expect(pickers.chip("Priority")).toBeFocused();
  await page.keyboard.press("Enter");
  await pickers.choose("medium");
  await expect(pickers.chip("Priority")).toHaveAccessibleName("Priority: Medium");

  await page.keyboard.press("Tab");
  await expect(pickers.chip("Assignee")).toBeFocused();
  await page.keyboard.press("Space");
  await pickers.choose("demo");
  await expect(pickers.chip("Assignee")).toHaveAccessibleName("Assignee: Demo User");

  await page.keyboard.press("Tab");
  await expect(pickers.chip("Labels")).toBeFocused();
  // Picking a label toggles it (a second run of this test takes it off again).
  const hadDesign = /design/.test((await pickers.chip("Labels").getAttribute("aria-label")) ?? "");
  const labelled = hadDesign ? /^Labels: (?!.*design)/ : /^Labels: .*design/;
  await page.keyboard.press("Enter");
  await pickers.choose("design");
  await expect(pickers.chip("Labels")).toHaveAccessibleName(labelled);
  await expectAccessibleInBothSchemes(page, "task page with the labels picker open");
  await screenshots(page, "pickers-task-open");
  await page.keyboard.press("Escape");
  await expect(pickers.chip("Labels")).toBeFocused();

  await page.keyboard.press("Tab");
  await expect(pickers.chip("Due date")).toBeFocused();
  await page.keyboard.press("Enter");
  await pickers.choose("today");
  await expect(pickers.chip("Due date")).toHaveAccessibleName("Due date: Today");
  await expect(page.getByTestId("activity")).toContainText("changed status");
  await expectAccessibleInBothSchemes(page, "task page");
  await screenshots(page, "pickers-task");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "e2e/screenshots/pickers-task-phone.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Escape in the title drops the edit; Enter saves.
  const title = page.getByLabel("Title", { exact: true });
  const saved = await title.inputValue();
  await title.focus();
  await page.keyboard.press("End");
  await page.keyboard.type(" (draft)");
  await page.keyboard.press("Escape");
  await expect(title).toHaveValue(saved);

  await page.reload();
  await expect(pickers.chip("Status")).toHaveAccessibleName("Status: Backlog");
  await expect(pickers.chip("Priority")).toHaveAccessibleName("Priority: Medium");
  await expect(pickers.chip("Assignee")).toHaveAccessibleName("Assignee: Demo User");
  await expect(pickers.chip("Labels")).toHaveAccessibleName(labelled);
  await expect(pickers.chip("Due date")).toHaveAccessibleName("Due date: Today");
});

test("a change refused as stale is undone, with a toast, and the latest is shown", async ({ browser }) => {
  const [ctxA, ctxB] = [await browser.newContext(), await browser.newContext()];
  const [a, b] = [await ctxA.newPage(), await ctxB.newPage()];
  await Promise.all([signIn(a), signIn(b)]);
  // Ada's page hears nothing live, so it still shows the task as it was when Bob saves his change.
  await a.route(/\/api\/trpc\/live\./, (route) => route.abort());
  const pa = new PickersPage(a);
  await a.goto(LIST);
  await pa.focusFirstRow();
  const ref = (await pa.focusedRowRef())!;
  const before = (await pa.chip("Priority", ref).getAttribute("aria-label"))!;
  const target = before.endsWith("Urgent") ? "low" : "urg";

  await b.goto(`/w/demo/t/${ref}`);
  const title = b.getByLabel("Title", { exact: true });
  await title.fill("Changed by the other tab");
  const renamed = answered(b, "task.update");
  await title.press("Enter");
  expect((await renamed).ok()).toBe(true);

  const refused = answered(a, "task.update");
  await pa.pick("p", target);
  expect((await refused).status()).toBe(409);
  await expect(a.getByText("Someone else changed this task; showing the latest.")).toBeVisible();
  await expect(pa.chip("Priority", ref)).toHaveAccessibleName(before);
  await expect(a.getByRole("link", { name: "Changed by the other tab", exact: true })).toBeVisible();
  await expectAccessibleInBothSchemes(a, "list with a refused change");
  await Promise.all([ctxA.close(), ctxB.close()]);
});

test("a long list keeps a bounded number of rows in the page, pages in more, and moves focus past the window", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const pickers = new PickersPage(page);
  const app = new AppPage(page);
  await signIn(page);
  const key = `LONG${Date.now().toString().slice(-4)}`;
  await app.createProject("demo", `Long list ${key}`, key);
  const COUNT = 240;
  await pickers.addTasks("demo", key, COUNT, (i) => `Long task ${String(i + 1).padStart(3, "0")}`);
  await page.reload();
  await expect(pickers.rows().first()).toBeVisible();

  // Scrolling to the end pages in the rest.
  const footer = page.getByText(`${COUNT} tasks`, { exact: true });
  await expect(async () => {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(footer).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 150_000 });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.getByRole("link", { name: "Long task 240", exact: true })).toBeInViewport();
  expect(await pickers.rows().count()).toBeLessThan(80);

  // From the first row, the keyboard walks into rows that were not in the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await pickers.focusFirstRow();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Long task 001");
  for (let i = 0; i < 90; i++) await page.keyboard.press("j");
  await expect(page.locator(":focus")).toHaveAttribute("aria-label", /Long task 091$/);
  await expect(page.getByRole("link", { name: "Long task 091", exact: true })).toBeInViewport();
  expect(await pickers.rows().count()).toBeLessThan(80);

  const ref = (await pickers.focusedRowRef())!;
  await pickers.pick("p", "high");
  await expect(pickers.chip("Priority", ref)).toHaveAccessibleName(`Priority of ${ref}: High`);
  await expect(pickers.chip("Priority", ref)).toBeFocused();
  await expectAccessibleInBothSchemes(page, "long list");
});
