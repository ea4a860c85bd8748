import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, expectAccessibleInBothSchemes } from "./pages/a11y";
import { AppPage } from "./pages/app";
import { AuthPage, newCredentials, type Credentials } from "./pages/auth";

// One team's day: these run in order and share the owner's workspace.
test.describe.configure({ mode: "serial" });

const owner = newCredentials("owner");
const viewer = newCredentials("viewer");
let slug = "";
const KEY = "WEB";

async function signedIn(page: Page, who: Credentials) {
  await new AuthPage(page).signIn(who);
}

async function screenshot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `e2e/screenshots/${name}-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("sign up, create a workspace, a project and three tasks, and drag one to Done", async ({ page }) => {
  const auth = new AuthPage(page);
  const app = new AppPage(page);
  await auth.signUpAndSignIn(owner);
  slug = await app.createWorkspace("Acme Web Team");
  await app.createProject(slug, "Website", KEY);
  for (const title of ["Write the launch post", "Fix the signup form", "Measure page speed"]) {
    await app.createTask(title);
  }

  // Wide enough for all six columns, so the drag needs no scrolling.
  await page.setViewportSize({ width: 2200, height: 900 });
  await page.getByRole("link", { name: "Board" }).click();
  await expect(app.card("Fix the signup form")).toBeVisible();
  await app.dragCardTo("Fix the signup form", "DONE");
  await expect(app.column("DONE").getByText("Fix the signup form")).toBeVisible();
  // The move reached the server: it survives a reload.
  await page.waitForLoadState("networkidle");
  await page.reload();
  await expect(app.column("DONE").getByText("Fix the signup form")).toBeVisible();
  await expect(app.column("TODO").getByText("Fix the signup form")).toHaveCount(0);
});

test("filter and search the list", async ({ page }) => {
  await signedIn(page, owner);
  await page.goto(`/w/${slug}/p/${KEY}`);
  const rows = page.getByTestId("task-row");
  await expect(rows).toHaveCount(3);

  await page.getByRole("button", { name: "Done", exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Fix the signup form");
  await page.getByRole("button", { name: "Done", exact: true }).click();
  await expect(rows).toHaveCount(3);

  await page.getByPlaceholder("Search title and description…").fill("launch");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Write the launch post");
  await page.getByPlaceholder("Search title and description…").fill("nothing-matches-this");
  await expect(page.getByText("No tasks match these filters.")).toBeVisible();
});

test("open a task by its URL, comment, and see the activity", async ({ page }) => {
  await signedIn(page, owner);
  await page.goto(`/w/${slug}/t/${KEY}-1`);
  await expect(page.getByLabel("Title")).toHaveValue("Write the launch post");
  await page.getByLabel("Add a comment").fill("Draft is in the shared folder.");
  await page.getByRole("button", { name: "Comment" }).click();
  await expect(page.getByTestId("comments")).toContainText("Draft is in the shared folder.");
  await expect(page.getByTestId("activity")).toContainText("commented");

  await page.getByRole("button", { name: /^Priority: / }).click();
  await page.getByRole("dialog").getByRole("option", { name: "High" }).click();
  await expect(page.getByRole("button", { name: "Priority: High" })).toBeVisible();
  await expect(page.getByTestId("activity")).toContainText("changed priority from No priority to High");
});

test("the list, board and task pages pass an accessibility check, in light and dark", async ({ page }) => {
  await signedIn(page, owner);
  await page.goto(`/w/${slug}/p/${KEY}`);
  await expect(page.getByTestId("task-row").first()).toBeVisible();
  await expectAccessible(page, "list");
  await screenshot(page, "list");

  await page.goto(`/w/${slug}/p/${KEY}/board`);
  await expect(page.getByTestId("board-card").first()).toBeVisible();
  await expectAccessible(page, "board");
  await screenshot(page, "board");

  await page.goto(`/w/${slug}/t/${KEY}-1`);
  await expect(page.getByTestId("comments")).toBeVisible();
  await expectAccessible(page, "task");
  await screenshot(page, "task");
});

test("a viewer joins by accepting the emailed invitation, and sees the work but no edit controls", async ({ page }) => {
  const auth = new AuthPage(page);
  const app = new AppPage(page);
  await auth.signUp(viewer);
  await auth.verifyEmail(viewer);

  // Inviting an address that has an account does not add it: the invitation is pending.
  await signedIn(page, owner);
  await app.invite(slug, viewer.email, "VIEWER");
  await expect(app.pendingInvitations().getByText(viewer.email)).toBeVisible();
  await auth.signOut();

  // Until they accept, the workspace is not theirs; the invitation waits in their list.
  await signedIn(page, viewer);
  await expect(page).toHaveURL(/\/workspaces\/new/);
  await expect(app.pendingInvitations().getByText("Acme Web Team")).toBeVisible();
  await expectAccessibleInBothSchemes(page, "pending invitations");
  await page.goto(`/w/${slug}/p/${KEY}`);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

  await app.openInvitationFromEmail(viewer.email);
  await expectAccessibleInBothSchemes(page, "invitation");
  expect(await app.acceptOpenInvitation()).toBe(slug);
  await page.goto(`/w/${slug}/p/${KEY}`);
  await expect(page.getByTestId("task-row")).toHaveCount(3);
  await expect(page.getByRole("button", { name: "New task" })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  // The properties show, without pickers to change them.
  await expect(page.getByText(`Status of ${KEY}-1: `)).toHaveCount(1);
  await expect(page.getByRole("button", { name: /^Status of/ })).toHaveCount(0);

  await page.goto(`/w/${slug}/t/${KEY}-1`);
  await expect(page.getByRole("heading", { name: "Write the launch post" })).toBeVisible();
  await expect(page.getByLabel("Add a comment")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Move to trash" })).toHaveCount(0);
});
