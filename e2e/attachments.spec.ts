import { expect, test, type Page } from "@playwright/test";
import { expectAccessibleInBothSchemes } from "./pages/a11y";
import { AppPage } from "./pages/app";
import { AttachmentsPage, expectImageLoaded, type TestFile } from "./pages/attachments";
import { AuthPage, newCredentials } from "./pages/auth";

// Files on a task: dropped on the page, pasted into a comment as a screenshot, shown, downloaded
// byte for byte, and deleted. Runs against local file storage.
test.describe.configure({ mode: "serial" });

const owner = newCredentials("files");
const KEY = "DOCS";
let slug = "";

// A real 2×2 PNG, as a screenshot pasted from the clipboard would be.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR42mPwd3sKRAwQCgAnDgXp8MpdNwAAAABJRU5ErkJggg==",
  "base64",
);
// A small PDF, with bytes of every value so a change to any of them shows.
const PDF: TestFile = {
  name: "Launch plan.pdf",
  mimeType: "application/pdf",
  buffer: Buffer.concat([
    Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1"),
    Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    Buffer.from("\n%%EOF\n"),
  ]),
};
const NOTES: TestFile = { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("Checklist:\n- ship it\n") };
const SCREENSHOT: TestFile = { name: "image.png", mimeType: "image/png", buffer: PNG };
const PAGE: TestFile = {
  name: "page.html",
  mimeType: "text/html",
  buffer: Buffer.from("<!doctype html><script>document.title = 'ran'</script><p>Hello</p>"),
};

async function openTask(page: Page) {
  await new AuthPage(page).signIn(owner);
  await page.goto(`/w/${slug}/t/${KEY}-1`);
  await expect(page.getByRole("heading", { name: "Attachments" })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await browser.newPage();
  const app = new AppPage(page);
  await new AuthPage(page).signUpAndSignIn(owner);
  slug = await app.createWorkspace("Docs Team");
  await app.createProject(slug, "Handbook", KEY);
  await app.createTask("Publish the handbook");
  await page.close();
});

test("files dropped on the task page upload side by side and download byte for byte", async ({ page }) => {
  const files = new AttachmentsPage(page);
  await openTask(page);
  await expect(files.section().getByText("No attachments yet. Drop files here or paste a screenshot.")).toBeVisible();

  // The storage answers slowly, so each file's progress shows while its bytes are on their way.
  await page.route("**/api/files/upload**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  // Dropped on the description, which is not being edited: anywhere on the task's article will do.
  await files.drop(page.getByRole("region", { name: "Description" }), [PDF, NOTES]);
  await expect(files.progress(PDF.name)).toBeVisible();
  await expect(files.progress(NOTES.name)).toBeVisible();
  await expect(files.row(PDF.name)).toBeVisible();
  await expect(files.row(NOTES.name)).toBeVisible();
  await expect(files.row(PDF.name)).toContainText(owner.name);
  await expect(files.section().getByRole("progressbar")).toHaveCount(0);

  const pdf = await files.download(PDF.name);
  expect(pdf.fileName).toBe(PDF.name);
  expect(pdf.bytes.equals(PDF.buffer)).toBe(true);
  const notes = await files.download(NOTES.name);
  expect(notes.bytes.equals(NOTES.buffer)).toBe(true);

  // Still there after a reload: they are the task's, not the page's.
  await page.reload();
  await expect(files.list().getByTestId("attachment")).toHaveCount(2);
});

test("a screenshot pasted into a comment or the description is attached, and shows as a thumbnail and in the text", async ({
  page,
}) => {
  const files = new AttachmentsPage(page);
  await openTask(page);
  const comment = page.getByLabel("Add a comment");
  await comment.fill("Here is the cover: ");
  await files.paste(comment, [SCREENSHOT]);
  await expect(comment).toHaveValue(/^Here is the cover: !\[image\.png\]\(\/api\/attachments\/[^)\s]+\)$/);
  await expect(files.thumbnail(SCREENSHOT.name)).toBeVisible();
  await expectImageLoaded(files.thumbnail(SCREENSHOT.name));

  await page.getByRole("button", { name: "Comment" }).click();
  const shown = page.getByTestId("comments").getByRole("img", { name: "image.png" });
  await expect(shown).toBeVisible();
  await expectImageLoaded(shown);

  // Pasting text is left to the browser: the paste goes ahead, and nothing is uploaded.
  await comment.focus();
  const pastedAsText = await comment.evaluate((el) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", "plain words");
    return el.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
  });
  expect(pastedAsText).toBe(true);
  await expect(files.list().getByTestId("attachment")).toHaveCount(3);

  // The description takes a pasted screenshot the same way, at its caret.
  const description = page.getByRole("region", { name: "Description" });
  await description.getByRole("button", { name: "Edit" }).click();
  const editor = page.getByLabel("Description (Markdown)");
  await editor.fill("Cover:\n\nBack cover.");
  await editor.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(7, 7));
  await files.paste(editor, [{ ...SCREENSHOT, name: "cover.png" }]);
  await expect(editor).toHaveValue(/^Cover:\n!\[cover\.png\]\(\/api\/attachments\/[^)\s]+\)\nBack cover\.$/);
  await description.getByRole("button", { name: "Save" }).click();
  await expectImageLoaded(description.getByRole("img", { name: "cover.png" }));
  await expect(files.list().getByTestId("attachment")).toHaveCount(4);
});

test("a file of a type the app does not take is refused before it is sent", async ({ page }) => {
  const files = new AttachmentsPage(page);
  await openTask(page);
  await files.choose([{ name: "setup.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") }]);
  await expect(files.uploadErrors()).toContainText("Files of this type cannot be attached");
  await files
    .section()
    .getByRole("button", { name: /^Dismiss/ })
    .click();
  await expect(files.uploadErrors()).toHaveCount(0);
  await expect(files.list().getByTestId("attachment")).toHaveCount(4);
});

test("an HTML file is only ever downloaded, never rendered by the browser", async ({ page }) => {
  const files = new AttachmentsPage(page);
  await openTask(page);
  await files.choose([PAGE]);
  await expect(files.row(PAGE.name)).toBeVisible();
  const href = await files.downloadLink(PAGE.name).getAttribute("href");
  expect(href).toMatch(/^\/api\/attachments\/[^/?]+\?download=1$/);

  for (const url of [href!, href!.replace("?download=1", "")]) {
    const answer = await page.request.get(url);
    expect(answer.status(), url).toBe(200);
    expect(answer.headers()["content-disposition"], url).toMatch(/^attachment/);
    expect(answer.headers()["x-content-type-options"], url).toBe("nosniff");
    expect((await answer.body()).equals(PAGE.buffer), url).toBe(true);
  }
});

test("deleting an attachment removes it, and the page with attachments passes the accessibility check", async ({
  page,
}) => {
  const files = new AttachmentsPage(page);
  await openTask(page);
  await expect(files.list().getByTestId("attachment")).toHaveCount(5);
  await expectImageLoaded(files.thumbnail(SCREENSHOT.name));
  await expectAccessibleInBothSchemes(page, "task with attachments");

  await files.delete(NOTES.name);
  await expect(files.row(NOTES.name)).toHaveCount(0);
  await expect(files.list().getByTestId("attachment")).toHaveCount(4);
  await page.reload();
  await expect(files.list().getByTestId("attachment")).toHaveCount(4);
  await expect(files.row(NOTES.name)).toHaveCount(0);
});
