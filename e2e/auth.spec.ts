import { expect, test } from "@playwright/test";
import { AuthPage, newCredentials } from "./pages/auth";

test("a person signs up, confirms their email, signs in and signs out", async ({ page }) => {
  const auth = new AuthPage(page);
  const who = newCredentials();
  await auth.signUp(who);

  // Not confirmed yet: sign-in explains what to do.
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form [role=alert]")).toContainText("Confirm your email first");

  await auth.verifyEmail(who);
  await auth.signIn(who);
  await expect(page).toHaveURL(/\/workspaces\/new/);

  await auth.signOut();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a wrong password gets a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("nobody@example.test");
  await page.getByLabel("Password", { exact: true }).fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form [role=alert]")).toContainText("do not match an account");
});

test("sign-up shows inline errors for bad input", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Pat");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#email-error")).toBeVisible();
  await expect(page.locator("#password-error")).toContainText("at least 8");
});
