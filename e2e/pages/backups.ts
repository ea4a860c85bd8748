import { expect, type Page } from "@playwright/test";
import path from "node:path";

// The e2e server writes backups here (BACKUP_DIR in playwright.config.ts).
export const BACKUP_DIR = path.resolve(".data/e2e-backups");

export class BackupsPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/admin/backups");
    await expect(this.page.getByRole("heading", { name: "Backups", exact: true })).toBeVisible();
  }

  rows() {
    return this.page.getByRole("region", { name: "Backups" }).locator("tbody tr");
  }

  async backUpNow() {
    await this.page.getByRole("button", { name: "Back up now" }).click();
    await expect(this.page.getByText(/Backup written:/)).toBeVisible({ timeout: 30_000 });
  }
}
