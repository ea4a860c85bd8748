import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// No serious or critical axe violation on the page as it stands.
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${what}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

// The same check in the light and the dark colour scheme; the page is left in light.
export async function expectAccessibleInBothSchemes(page: Page, what: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectAccessible(page, `${what} (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}
