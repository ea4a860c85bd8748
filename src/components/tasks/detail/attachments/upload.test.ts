import { describe, expect, it } from "vitest";
import {
  acceptList,
  checkFile,
  filesOf,
  markdownFor,
  placeholderFor,
  replaceOnce,
  supportedKinds,
  uploadFailure,
  withUsableName,
} from "./upload";

const MB = 1024 * 1024;

describe("checkFile", () => {
  it("takes a known type and sends its canonical MIME type", () => {
    expect(checkFile({ name: "Plan.PDF", size: 10 }, 10 * MB)).toEqual({ ok: true, contentType: "application/pdf" });
    expect(checkFile({ name: "shot.jpeg", size: 10 }, null)).toEqual({ ok: true, contentType: "image/jpeg" });
  });

  it("refuses a type the app does not take, saying which it does", () => {
    const check = checkFile({ name: "setup.exe", size: 10 }, 10 * MB);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(/^Files of this type cannot be attached\. Supported: images, PDF, /);
    expect(checkFile({ name: "README", size: 10 }, null).ok).toBe(false);
  });

  it("refuses a file over the largest size, in sizes a person reads", () => {
    expect(checkFile({ name: "big.png", size: 12 * MB }, 10 * MB)).toEqual({
      ok: false,
      message: "big.png is 12 MB; files can be at most 10 MB.",
    });
    expect(checkFile({ name: "edge.png", size: 10 * MB }, 10 * MB).ok).toBe(true);
  });
});

describe("picker and names", () => {
  it("lists every extension for the file picker", () => {
    expect(acceptList().split(",")).toEqual(expect.arrayContaining([".png", ".jpg", ".jpeg", ".pdf", ".txt"]));
  });

  it("names the kinds the app takes", () => {
    expect(supportedKinds()).toBe("images, PDF, Office documents, text, archives, audio, video");
  });

  it("gives a pasted image with no usable name one from its type", () => {
    const renamed = withUsableName(new File(["x"], "", { type: "image/png" }));
    expect(renamed.name).toBe("image.png");
    expect(renamed.type).toBe("image/png");
    expect(withUsableName(new File(["x"], "clipboard", { type: "image/webp" })).name).toBe("clipboard.webp");
    const named = new File(["x"], "image.png", { type: "image/png" });
    expect(withUsableName(named)).toBe(named);
    const unknown = new File(["x"], "thing", { type: "application/x-unknown" });
    expect(withUsableName(unknown)).toBe(unknown);
  });
});

describe("uploadFailure", () => {
  it("shows the app's own reason, else the status", () => {
    expect(uploadFailure(413, JSON.stringify({ error: { message: "This file is larger than it said." } }))).toBe(
      "This file is larger than it said.",
    );
    expect(uploadFailure(403, "<?xml version='1.0'?><Error><Code>AccessDenied</Code></Error>")).toBe(
      "Upload failed (status 403)",
    );
    expect(uploadFailure(500, "")).toBe("Upload failed (status 500)");
    expect(uploadFailure(0, "")).toMatch(/did not reach the server/);
  });
});

describe("Markdown", () => {
  it("shows an image inline and links anything else", () => {
    expect(markdownFor({ name: "shot.png", url: "/api/attachments/a1", isImage: true })).toBe(
      "![shot.png](/api/attachments/a1)",
    );
    expect(markdownFor({ name: "plan [v2].pdf", url: "/api/attachments/a2", isImage: false })).toBe(
      "[plan \\[v2\\].pdf](/api/attachments/a2)",
    );
  });

  it("makes each placeholder unique in the text, so each upload replaces its own", () => {
    const first = placeholderFor("image.png", "");
    expect(first).toBe("![Uploading image.png…]()");
    const second = placeholderFor("image.png", `see ${first}`);
    expect(second).toBe("![Uploading image.png (2)…]()");
    expect(placeholderFor("image.png", `${first} ${second}`)).toBe("![Uploading image.png (3)…]()");
  });

  it("replaces a placeholder once and moves a caret after it by the difference", () => {
    const text = "a ![Uploading x.png…]() b";
    const replaced = replaceOnce(text, "![Uploading x.png…]()", "![x.png](/u)")!;
    expect(replaced.text).toBe("a ![x.png](/u) b");
    expect(replaced.move(1)).toBe(1);
    expect(replaced.move(text.length)).toBe(replaced.text.length);
    expect(replaced.move(5)).toBe(2 + "![x.png](/u)".length);
    expect(replaceOnce("nothing here", "![Uploading x.png…]()", "")).toBeNull();
  });
});

describe("filesOf", () => {
  const transfer = (files: File[], types: string[]) => ({ files, types }) as unknown as DataTransfer;
  const png = new File(["x"], "image.png", { type: "image/png" });

  it("takes a clipboard's files unless it carries plain text too", () => {
    expect(filesOf(transfer([png], ["Files"]), { textWins: true })).toEqual([png]);
    expect(filesOf(transfer([png], ["text/plain", "Files"]), { textWins: true })).toEqual([]);
    expect(filesOf(transfer([png], ["text/plain", "Files"]), { textWins: false })).toEqual([png]);
    expect(filesOf(transfer([], ["text/plain"]), { textWins: true })).toEqual([]);
    expect(filesOf(null, { textWins: true })).toEqual([]);
  });
});
