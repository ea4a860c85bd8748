import { expect, test, type Page } from "@playwright/test";
import { expectAccessibleInBothSchemes } from "./pages/a11y";
import { AppPage } from "./pages/app";
import { AuthPage, newCredentials } from "./pages/auth";
import { Api, day, localDayFromToday, MyWorkPage } from "./pages/my-work";

// One person with two projects; these run in order and share the workspace.
test.describe.configure({ mode: "serial" });

const person = newCredentials("mine");
let slug = "";

async function screenshots(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `e2e/screenshots/${name}-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("a newcomer's My work is empty, says so, and is accessible", async ({ page }) => {
  const app = new AppPage(page);
  await new AuthPage(page).signUpAndSignIn(person);
  slug = await app.createWorkspace("Two Projects");
  await app.createProject(slug, "Website", "WEB");
  await app.createProject(slug, "Operations", "OPS");

  const sidebar = page.getByRole("navigation", { name: "Workspace" });
  await sidebar.getByRole("link", { name: /My work/ }).click();
  await page.waitForURL(`**/w/${slug}/my-work`);
  await expect(sidebar.getByRole("link", { name: /My work/ })).toHaveAttribute("aria-current", "page");
  const myWork = new MyWorkPage(page);
  await expect(myWork.emptyState()).toBeVisible();
  await expect(page).toHaveTitle(/My work/);
  await expectAccessibleInBothSchemes(page, "My work, empty");
  await screenshots(page, "my-work-empty");
});

test("shows my task from the second project with its project, and groups an overdue one under Overdue", async ({
  page,
}) => {
  await new AuthPage(page).signIn(person);
  const api = new Api(page);
  const me = await api.myId();
  const workspaceId = await api.workspaceId(slug);
  const web = await api.projectId(workspaceId, "WEB");
  const ops = await api.projectId(workspaceId, "OPS");
  const assigned = await api.createTask({ projectId: ops, title: "Rotate the database password", assigneeId: me });
  const overdue = await api.createTask({
    projectId: web,
    title: "Renew the certificate",
    assigneeId: me,
    dueDate: day(localDayFromToday(-3)),
  });
  await api.createTask({
    projectId: web,
    title: "Plan the launch",
    assigneeId: me,
    dueDate: day(localDayFromToday(30)),
  });
  await api.createTask({ projectId: ops, title: "Nobody's chore" });

  const myWork = new MyWorkPage(page);
  await myWork.open(slug);
  await expect(myWork.rows()).toHaveCount(3);
  const row = myWork.rows().filter({ hasText: "Rotate the database password" });
  await expect(row).toContainText(assigned.ref);
  expect(assigned.ref).toMatch(/^OPS-\d+$/);
  await expect(page.getByText("Nobody's chore")).toHaveCount(0);
  // The row links to the task in its project.
  await row.getByRole("link", { name: "Rotate the database password" }).click();
  await page.waitForURL(`**/w/${slug}/t/${assigned.ref}`);

  await myWork.open(slug);
  await myWork.groupBy("Due date").click();
  await expect(myWork.groupBy("Due date")).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/\?group=due$/);
  await expect(myWork.group("overdue")).toContainText("Renew the certificate");
  await expect(myWork.group("overdue")).toContainText(overdue.ref);
  await expect(myWork.group("later")).toContainText("Plan the launch");
  await expect(myWork.group("none")).toContainText("Rotate the database password");

  // Remembered without the address saying so; the address wins when it does.
  await myWork.open(slug);
  await expect(myWork.group("overdue")).toBeVisible();
  await myWork.open(slug, "?group=status");
  await expect(myWork.group("TODO")).toBeVisible();
  await expect(myWork.group("overdue")).toHaveCount(0);

  await myWork.open(slug, "?group=due");
  await expect(myWork.rows()).toHaveCount(3);
  await expectAccessibleInBothSchemes(page, "My work");
  await screenshots(page, "my-work");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(myWork.rows()).toHaveCount(3);
  // The task number is hidden on a phone; the project key says where the task lives.
  const phoneRow = myWork.rows().filter({ hasText: "Rotate the database password" });
  await expect(phoneRow.getByText(assigned.ref, { exact: true })).toBeHidden();
  await expect(phoneRow.getByTestId("row-project")).toBeVisible();
  await expect(phoneRow.getByTestId("row-project")).toHaveText("OPS");
  await page.screenshot({ path: "e2e/screenshots/my-work-phone.png", fullPage: true });
});

test("g then m opens My work from anywhere in the workspace", async ({ page }) => {
  await new AuthPage(page).signIn(person);
  await page.goto(`/w/${slug}/p/WEB`);
  await expect(page.getByRole("heading", { name: /Website/ })).toBeVisible();
  // The shortcut listens once the page is interactive; keys pressed before that are pressed again.
  await expect(async () => {
    await page.keyboard.press("g");
    await page.keyboard.press("m");
    await page.waitForURL(`**/w/${slug}/my-work`, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
});

test("the seeded demo account has work of its own in two projects", async ({ page }) => {
  await new AuthPage(page).signIn({ email: "demo@taskmanager.local", password: "demo-password" });
  const myWork = new MyWorkPage(page);
  await myWork.open("demo");
  await expect(myWork.rows().first()).toBeVisible();
  await expect(
    myWork
      .rows()
      .filter({ hasText: /WEB-\d+/ })
      .first(),
  ).toBeVisible();
  await expect(
    myWork
      .rows()
      .filter({ hasText: /API-\d+/ })
      .first(),
  ).toBeVisible();
});
