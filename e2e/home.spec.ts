import { expect, test } from "@playwright/test";

test("the home page renders a typed server-side call", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Taskmanager" })).toBeVisible();
  await expect(page.getByTestId("server-status")).toContainText(/database answered in [\d.]+ ms/);
});

test("an unknown page is a 404 with a way back", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("the tRPC endpoint answers over HTTP", async ({ request }) => {
  const ok = await request.get("/api/trpc/health.ping");
  expect(ok.status()).toBe(200);
  const bad = await request.get(
    `/api/trpc/health.ping?input=${encodeURIComponent(JSON.stringify({ json: { echo: "" } }))}`,
  );
  expect(bad.status()).toBe(400);
  expect(
    ((await bad.json()) as { error: { json: { data: { zodIssues: unknown[] } } } }).error.json.data.zodIssues.length,
  ).toBeGreaterThan(0);
});
