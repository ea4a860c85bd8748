import { expect, test } from "@playwright/test";
import { rm } from "node:fs/promises";
import { expectAccessible } from "./pages/a11y";
import { AuthPage, newCredentials } from "./pages/auth";
import { BACKUP_DIR, BackupsPage } from "./pages/backups";

const ADMIN = { email: "demo@taskmanager.local", password: "demo-password" };

test("an instance administrator takes a backup from the page and verifies it", async ({ page }) => {
  await rm(BACKUP_DIR, { recursive: true, force: true });
  await new AuthPage(page).signIn(ADMIN);
  const backups = new BackupsPage(page);
  await backups.open();
  await expect(page.getByText("No backups yet")).toBeVisible();

  await backups.backUpNow();
  await expect(backups.rows()).toHaveCount(1);
  const row = backups.rows().first();
  await expect(row.getByText("Complete")).toBeVisible();
  await expect(row.getByText(/\d[\d,]* rows/)).toBeVisible();

  await row.getByRole("button", { name: "Verify" }).click();
  await expect(row.getByText("Checksum matches")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/backups-light.png", fullPage: true });
  await expectAccessible(page, "backups");

  await page.reload();
  await expect(backups.rows()).toHaveCount(1);
});

test("the backups page does not exist for anyone else", async ({ page }) => {
  await page.goto("/admin/backups");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

  await new AuthPage(page).signUpAndSignIn(newCredentials("not-admin"));
  const response = await page.goto("/admin/backups");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Back up now" })).toHaveCount(0);
});
