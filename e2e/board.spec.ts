import { expect, test, type Page } from "@playwright/test";
import { AppPage } from "./pages/app";
import { AuthPage, newCredentials } from "./pages/auth";

// The board loads drag and drop on first use and renders long columns in part: a long column scrolls
// on its own, loads its next page as it nears the end, and still takes a card moved by keyboard.
test.describe.configure({ mode: "serial" });

const owner = newCredentials("board");
const KEY = "LONG";
let slug = "";
const LONG = 120;

// A tRPC call from the signed-in page, as the app's own client makes it.
async function call(page: Page, procedure: string, input: unknown, method: "GET" | "POST") {
  return page.evaluate(
    async ({ procedure, input, method }) => {
      const body = JSON.stringify({ json: input });
      const res =
        method === "GET"
          ? await fetch(`/api/trpc/${procedure}?input=${encodeURIComponent(body)}`)
          : await fetch(`/api/trpc/${procedure}`, { method, headers: { "content-type": "application/json" }, body });
      if (!res.ok) throw new Error(`${procedure}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { result: { data: { json: unknown } } }).result.data.json;
    },
    { procedure, input, method },
  );
}

test("a long column renders only the cards near its view, pages as it scrolls, and takes a card moved by keyboard", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await new AuthPage(page).signUpAndSignIn(owner);
  slug = await app.createWorkspace("Long Board Team");
  await app.createProject(slug, "Long", KEY);

  const workspaces = (await call(page, "workspace.list", undefined, "GET")) as { id: string; slug: string }[];
  const workspaceId = workspaces.find((w) => w.slug === slug)!.id;
  const projects = (await call(page, "project.list", { workspaceId }, "GET")) as { id: string; key: string }[];
  const projectId = projects.find((p) => p.key === KEY)!.id;
  await call(page, "task.create", { projectId, title: "Move me by keyboard", status: "TODO" }, "POST");
  for (let i = 1; i <= LONG; i++) {
    await call(page, "task.create", { projectId, title: `Review item ${i}`, status: "IN_REVIEW" }, "POST");
  }

  await page.setViewportSize({ width: 2200, height: 900 });
  await page.goto(`/w/${slug}/p/${KEY}/board`);
  const review = app.column("IN_REVIEW");
  // The first page (100 cards) is in the HTML; only those near the column's view are rendered.
  await expect(review.getByRole("heading")).toContainText("100");
  const scroller = page.getByTestId("column-scroller-IN_REVIEW");
  await expect(scroller).toBeVisible();
  const rendered = await review.getByTestId("board-card").count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(50);

  // Scrolling to the end loads the rest of the column.
  for (let i = 0; i < 30; i++) {
    await scroller.evaluate((node) => node.scrollBy(0, 4000));
    if ((await review.getByRole("heading").textContent())?.includes(String(LONG))) break;
    await page.waitForTimeout(200);
  }
  await expect(review.getByRole("heading")).toContainText(String(LONG));
  await expect(review.getByRole("link", { name: `Review item ${LONG}`, exact: true })).toBeVisible();
  await expect(review.getByRole("link", { name: "Review item 1", exact: true })).toHaveCount(0);

  // Keyboard: focus the handle, pick up, two columns to the right, drop.
  const handle = page.getByRole("button", { name: /^Move LONG-1 Move me by keyboard/ });
  await handle.focus();
  await page.keyboard.press("Space");
  await page.waitForTimeout(300);
  await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(300);
  await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(300);
  await page.keyboard.press("Space");
  await expect(review.getByRole("link", { name: "Move me by keyboard", exact: true })).toBeVisible();
  await expect(app.column("TODO").getByRole("link", { name: "Move me by keyboard", exact: true })).toHaveCount(0);

  // The move reached the server.
  await page.waitForLoadState("networkidle");
  await page.reload();
  await expect(app.column("TODO").getByText("No tasks")).toBeVisible();
});

test("on a phone the board scrolls sideways, a column at a time", async ({ page }) => {
  await new AuthPage(page).signIn(owner);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/w/${slug}/p/${KEY}/board`);
  const todo = new AppPage(page).column("TODO");
  await expect(todo).toBeVisible();
  const width = (await todo.boundingBox())!.width;
  expect(width).toBeGreaterThan(390 * 0.8);
  expect(width).toBeLessThan(390 * 0.9);
  const snap = await todo.evaluate((node) => getComputedStyle(node.parentElement!).scrollSnapType);
  expect(snap).toContain("x");
  await page.screenshot({ path: "e2e/screenshots/board-phone.png" });
});
