import { expect, type Locator, type Page } from "@playwright/test";

/** A file a test attaches: its name, type and bytes. */
export type TestFile = { name: string; mimeType: string; buffer: Buffer };

type SerializedFile = { name: string; mimeType: string; base64: string };

const serialize = (files: TestFile[]): SerializedFile[] =>
  files.map((f) => ({ name: f.name, mimeType: f.mimeType, base64: f.buffer.toString("base64") }));

// The attachments of the task page as a person uses them: the list, the file picker, dropping files
// on the page and pasting a screenshot into a Markdown field.
export class AttachmentsPage {
  constructor(readonly page: Page) {}

  section() {
    return this.page.getByRole("region", { name: "Attachments" });
  }

  list() {
    return this.page.getByTestId("attachments");
  }

  row(name: string) {
    return this.list().getByTestId("attachment").filter({ hasText: name });
  }

  downloadLink(name: string) {
    return this.row(name).getByRole("link", { name, exact: true });
  }

  thumbnail(name: string) {
    return this.row(name).getByRole("img", { name: `View ${name}` });
  }

  progress(name: string) {
    return this.section().getByRole("progressbar", { name: `Uploading ${name}` });
  }

  dropOverlay() {
    return this.page.getByTestId("attachment-drop-overlay");
  }

  uploadErrors() {
    return this.section().getByTestId("upload").getByRole("alert");
  }

  async choose(files: TestFile[]) {
    await this.section().getByLabel("Attach files").setInputFiles(files);
  }

  // Drags files from the desktop onto `target` (a place inside the task's article) and drops them.
  async drop(target: Locator, files: TestFile[]) {
    const dataTransfer = await this.page.evaluateHandle((files: SerializedFile[]) => {
      const transfer = new DataTransfer();
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], f.name, { type: f.mimeType }));
      }
      return transfer;
    }, serialize(files));
    await target.dispatchEvent("dragenter", { dataTransfer });
    await target.dispatchEvent("dragover", { dataTransfer });
    await expect(this.dropOverlay()).toBeVisible();
    await target.dispatchEvent("drop", { dataTransfer });
    await expect(this.dropOverlay()).toBeHidden();
  }

  // Pastes files (a screenshot) into a textarea at its caret, as Ctrl+V with an image on the clipboard does.
  async paste(textarea: Locator, files: TestFile[]) {
    await textarea.focus();
    await textarea.evaluate((el, files: SerializedFile[]) => {
      const clipboardData = new DataTransfer();
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        clipboardData.items.add(new File([bytes], f.name, { type: f.mimeType }));
      }
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
    }, serialize(files));
  }

  // Downloads an attachment through its link; answers the bytes saved.
  async download(name: string): Promise<{ fileName: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.downloadLink(name).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { fileName: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }

  async delete(name: string) {
    await this.row(name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    const dialog = this.page.getByRole("dialog", { name: "Delete attachment?" });
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    await expect(dialog).toBeHidden();
  }
}

/** Whether an `<img>` has loaded real pixels (not a broken image). */
export async function expectImageLoaded(img: Locator) {
  await img.scrollIntoViewIfNeeded();
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0)))
    .toBeGreaterThan(0);
}
