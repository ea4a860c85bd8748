import { expect, test } from "@playwright/test";
import { AppPage } from "./pages/app";
import { AuthPage, newCredentials } from "./pages/auth";

// What pages load on first use rather than with the page: the shortcut list and quick create, and
// the toasts. Each must still answer the first press that asks for it.
test("the shortcut list, quick create and toasts work from the first press", async ({ page }) => {
  const app = new AppPage(page);
  await new AuthPage(page).signUpAndSignIn(newCredentials("ondemand"));

  // A toast asked for before the toast library has loaded still shows.
  await page.goto("/account");
  const name = page.getByRole("textbox", { name: "Name", exact: true });
  await name.fill("Grace Hopper");
  await page.locator("form").filter({ has: name }).getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Profile saved")).toBeVisible();

  const slug = await app.createWorkspace("On Demand Team");
  await app.createProject(slug, "Demand", "DEM");
  // The first "?" loads the shortcut list and opens it.
  await page.locator("body").press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  // "c" opens quick create in the project.
  await page.locator("body").press("c");
  await expect(page.getByRole("dialog").getByLabel("Title")).toBeVisible();
});
