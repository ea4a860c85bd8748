import { expect, type Page } from "@playwright/test";

export class CalendarPage {
  constructor(readonly page: Page) {}

  async open(slug: string, key: string, query = "") {
    await this.page.goto(`/w/${slug}/p/${key}/calendar${query}`);
    await expect(this.page.getByRole("link", { name: "Calendar" })).toHaveAttribute("aria-current", "page");
    await expect(this.page.locator("[data-day]").first()).toBeVisible();
  }

  day(day: string) {
    return this.page.locator(`[data-day="${day}"]`);
  }

  undated() {
    return this.page.getByTestId("undated-list");
  }

  chip(title: string) {
    return this.page.locator("[data-chip-id]").filter({ hasText: title });
  }

  title() {
    return this.page.getByTestId("calendar-title");
  }

  view(name: "Month" | "Week") {
    return this.page.getByRole("group", { name: "Calendar view" }).getByRole("button", { name: name });
  }

  announcement() {
    return this.page.getByRole("status").filter({ hasText: /moved|saved|back/ });
  }

  // Drags with the mouse, in real pointer moves, as a person would (HTML drag and drop).
  async drag(title: string, target: ReturnType<Page["locator"]>) {
    const from = (await this.chip(title).boundingBox())!;
    const to = (await target.boundingBox())!;
    await this.page.mouse.move(from.x + 10, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + 20, from.y + from.height / 2 + 5, { steps: 5 });
    await this.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
    await this.page.mouse.up();
  }
}
