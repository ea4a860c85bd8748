import { expect, test, type Page } from "@playwright/test";
import { expectAccessibleInBothSchemes } from "./pages/a11y";
import { AppPage } from "./pages/app";
import { AuthPage, newCredentials } from "./pages/auth";
import { CalendarPage } from "./pages/calendar";
import { Api, day } from "./pages/my-work";

// One person's project in May 2030 (a month fixed by the address, so the test does not depend on today).
test.describe.configure({ mode: "serial" });

const person = newCredentials("cal");
const KEY = "CAL";
const MAY = "?view=month&date=2030-05-01";
let slug = "";

async function screenshots(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `e2e/screenshots/${name}-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

// A moved task is marked busy until its save has answered and the calendar reloaded.
async function saved(page: Page) {
  await expect(page.locator("[data-chip-id][aria-busy=true]")).toHaveCount(0);
}

test("an empty month says so, and the calendar is accessible", async ({ page }) => {
  const app = new AppPage(page);
  await new AuthPage(page).signUpAndSignIn(person);
  slug = await app.createWorkspace("Calendar Team");
  await app.createProject(slug, "Roadmap", KEY);
  await page.getByRole("link", { name: "Calendar" }).click();
  await page.waitForURL(`**/p/${KEY}/calendar`);
  const calendar = new CalendarPage(page);
  await calendar.open(slug, KEY, MAY);
  await expect(calendar.title()).toHaveText("May 2030");
  await expect(page.getByText("No tasks due in May 2030")).toBeVisible();
  await expect(calendar.undated()).toContainText("Every task has a due date.");
  await expectAccessibleInBothSchemes(page, "Calendar, empty month");
});

test("drag a task to another day with the mouse; it stays there after a reload and on its page", async ({ page }) => {
  await new AuthPage(page).signIn(person);
  const api = new Api(page);
  const projectId = await api.projectId(await api.workspaceId(slug), KEY);
  const task = await api.createTask({ projectId, title: "Ship the beta", dueDate: day("2030-05-08") });
  await api.createTask({ projectId, title: "Write the changelog", dueDate: day("2030-05-08") });

  const calendar = new CalendarPage(page);
  await calendar.open(slug, KEY, MAY);
  await expect(calendar.day("2030-05-08").getByText("Ship the beta")).toBeVisible();
  // Days of April and June around May are shown, dimmed.
  await expect(calendar.day("2030-04-29")).toBeVisible();
  await calendar.drag("Ship the beta", calendar.day("2030-05-16"));
  await expect(calendar.day("2030-05-16").getByText("Ship the beta")).toBeVisible();
  await expect(calendar.day("2030-05-08").getByText("Ship the beta")).toHaveCount(0);
  await saved(page);
  await page.reload();
  await expect(calendar.day("2030-05-16").getByText("Ship the beta")).toBeVisible();
  await expect(calendar.day("2030-05-08").getByText("Write the changelog")).toBeVisible();

  await calendar.chip("Ship the beta").click();
  await page.waitForURL(`**/w/${slug}/t/${task.ref}`);
  await expect(page.getByRole("button", { name: "Due date: May 16, 2030" })).toBeVisible();
});

test("move a focused task with Alt and the arrow keys", async ({ page }) => {
  await new AuthPage(page).signIn(person);
  const calendar = new CalendarPage(page);
  await calendar.open(slug, KEY, MAY);
  await calendar.chip("Write the changelog").focus();
  await page.keyboard.press("Alt+ArrowRight");
  await expect(calendar.day("2030-05-09").getByText("Write the changelog")).toBeVisible();
  await expect(calendar.announcement()).toContainText("moved to Thursday, May 9, 2030");
  // Focus follows the task, so the next key moves it on.
  await expect(calendar.chip("Write the changelog")).toBeFocused();
  // Moves made while the first one saves are kept and saved after it.
  await page.keyboard.press("Alt+ArrowDown");
  await expect(calendar.day("2030-05-16").getByText("Write the changelog")).toBeVisible();
  await page.keyboard.press("Alt+ArrowLeft");
  await expect(calendar.day("2030-05-15").getByText("Write the changelog")).toBeVisible();
  await saved(page);
  await page.reload();
  await expect(calendar.day("2030-05-15").getByText("Write the changelog")).toBeVisible();
});

test("date an undated task by dragging it from the side list, and clear a date by dragging it back", async ({
  page,
}) => {
  await new AuthPage(page).signIn(person);
  const api = new Api(page);
  const projectId = await api.projectId(await api.workspaceId(slug), KEY);
  await api.createTask({ projectId, title: "Someday idea" });

  const calendar = new CalendarPage(page);
  await calendar.open(slug, KEY, MAY);
  await expect(calendar.undated().getByText("Someday idea")).toBeVisible();
  await calendar.drag("Someday idea", calendar.day("2030-05-21"));
  await expect(calendar.day("2030-05-21").getByText("Someday idea")).toBeVisible();
  await expect(calendar.undated().getByText("Someday idea")).toHaveCount(0);
  await saved(page);

  await calendar.drag("Ship the beta", calendar.undated());
  await expect(calendar.undated().getByText("Ship the beta")).toBeVisible();
  await saved(page);
  await page.reload();
  await expect(calendar.day("2030-05-21").getByText("Someday idea")).toBeVisible();
  await expect(calendar.undated().getByText("Ship the beta")).toBeVisible();

  await expectAccessibleInBothSchemes(page, "Calendar, month");
  await screenshots(page, "calendar-month");
});

test("the week view shows seven days, steps a week at a time, and is remembered", async ({ page }) => {
  await new AuthPage(page).signIn(person);
  const calendar = new CalendarPage(page);
  await calendar.open(slug, KEY, "?view=month&date=2030-05-15");
  await calendar.view("Week").click();
  await expect(page).toHaveURL(/view=week&date=2030-05-15/);
  await expect(calendar.title()).toHaveText("May 13 – May 19, 2030");
  await expect(page.locator("[data-day]")).toHaveCount(7);
  await expect(calendar.day("2030-05-15").getByText("Write the changelog")).toBeVisible();
  await page.getByRole("button", { name: "Next week" }).click();
  await expect(calendar.title()).toHaveText("May 20 – May 26, 2030");
  await expect(calendar.day("2030-05-21").getByText("Someday idea")).toBeVisible();
  await expect(page).toHaveURL(/view=week&date=2030-05-20/);
  await expectAccessibleInBothSchemes(page, "Calendar, week");
  await screenshots(page, "calendar-week");

  // Without a view in the address, the last one chosen applies.
  await page.goto(`/w/${slug}/p/${KEY}/calendar?date=2030-05-20`);
  await expect(calendar.title()).toHaveText("May 20 – May 26, 2030");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(calendar.day("2030-05-21").getByText("Someday idea")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/calendar-week-phone.png", fullPage: true });
  await calendar.open(slug, KEY, "?view=month&date=2030-05-01");
  await expect(calendar.day("2030-05-15").getByText("Write the changelog")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/calendar-month-phone.png", fullPage: true });
});
