import { expect, type Page } from "@playwright/test";

type MarkedWindow = Window & { __sameDocument?: string };

// Live updates as a person sees them: the header's live indicator, who else has the project open,
// and the banner that keeps a draft when someone else changes the task.
export class LivePage {
  constructor(readonly page: Page) {}

  indicator() {
    return this.page.getByRole("status").filter({ hasText: /^Live$/ });
  }

  // The initials of someone else who has the project open, named with where they are ("on this task").
  viewer(name: string, where: string) {
    return this.page.getByRole("list", { name: "Also here" }).getByRole("img", { name: `${name}, ${where}` });
  }

  changedBanner(name: string) {
    return this.page.getByRole("alert").filter({ hasText: `Changed by ${name}` });
  }

  async reloadFromBanner(name: string) {
    await this.changedBanner(name).getByRole("button", { name: "Reload" }).click();
  }

  // A live update keeps the document; a reload or a full navigation would drop this mark.
  async markDocument() {
    await this.page.evaluate(() => void ((window as MarkedWindow).__sameDocument = "kept"));
  }

  async expectSameDocument() {
    expect(await this.page.evaluate(() => (window as MarkedWindow).__sameDocument)).toBe("kept");
  }
}
