import { ATTACHMENT_TYPES, formatBytes, typeForName } from "~/server/attachments/file-types";

/** Where and how `attachment.createUpload` says to send a file's bytes. */
export type UploadTarget =
  | { method: "POST"; url: string; fields: Record<string, string> }
  | { method: "PUT"; url: string; headers: Record<string, string> };

/** A file the app accepts, with the type it is stored as; else the sentence saying why not. */
export type FileCheck = { ok: true; contentType: string } | { ok: false; message: string };

// The kinds of file, in words, for a person told which files the app takes.
const KINDS: [string, (mime: string) => boolean][] = [
  ["images", (mime) => mime.startsWith("image/")],
  ["PDF", (mime) => mime === "application/pdf"],
  ["Office documents", (mime) => /officedocument|opendocument/.test(mime)],
  ["text", (mime) => mime.startsWith("text/") || /^application\/(json|yaml|xml)$/.test(mime)],
  ["archives", (mime) => /zip|7z/.test(mime)],
  ["audio", (mime) => mime.startsWith("audio/")],
  ["video", (mime) => mime.startsWith("video/")],
];

/** The kinds of file that can be attached, in words ("images, PDF, text, …"). */
export function supportedKinds(): string {
  return KINDS.filter(([, matches]) => ATTACHMENT_TYPES.some((type) => matches(type.mime)))
    .map(([kind]) => kind)
    .join(", ");
}

/** The `accept` list of a file picker: every extension the app takes. */
export function acceptList(): string {
  return ATTACHMENT_TYPES.flatMap((type) => type.extensions.map((ext) => `.${ext}`)).join(",");
}

/** Whether `file` may be uploaded at all: a known type, and no larger than `maxFileSize` (when known). */
export function checkFile(file: Pick<File, "name" | "size">, maxFileSize: number | null): FileCheck {
  const type = typeForName(file.name);
  if (!type) {
    return { ok: false, message: `Files of this type cannot be attached. Supported: ${supportedKinds()}.` };
  }
  if (maxFileSize !== null && file.size > maxFileSize) {
    return {
      ok: false,
      message: `${file.name} is ${formatBytes(file.size)}; files can be at most ${formatBytes(maxFileSize)}.`,
    };
  }
  return { ok: true, contentType: type.mime };
}

/**
 * A pasted or dropped file with a name the app can type: a screenshot pasted from the clipboard comes
 * as "image.png", but some sources give no name or extension, only a MIME type.
 */
export function withUsableName(file: File): File {
  if (typeForName(file.name) || !file.type) return file;
  const type = ATTACHMENT_TYPES.find((t) => t.mime === file.type);
  const ext = type?.extensions[0];
  if (!ext) return file;
  const base = file.name.replace(/\.[^.]*$/, "") || (file.type.startsWith("image/") ? "image" : "file");
  return new File([file], `${base}.${ext}`, { type: file.type, lastModified: file.lastModified });
}

// Set by the browser itself; XMLHttpRequest refuses them.
const BROWSER_HEADERS = new Set(["content-length", "host", "connection"]);

/** The sentence for an upload the storage refused: the app's own JSON reason, else the status. */
export function uploadFailure(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } } | null;
    const message = parsed?.error?.message;
    if (typeof message === "string" && message) return message;
  } catch {
    // Not JSON: an S3 error document.
  }
  if (status === 0) return "The upload did not reach the server. Check your connection and try again.";
  return `Upload failed (status ${status})`;
}

/**
 * Sends `file` to `target`, reporting progress as bytes are sent. Resolves on a 2xx answer; otherwise
 * rejects with an Error whose message can be shown as is.
 */
export function sendFile(
  target: UploadTarget,
  file: File,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    let body: XMLHttpRequestBodyInit;
    if (target.method === "POST") {
      const form = new FormData();
      for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
      form.append("file", file);
      body = form;
    } else {
      for (const [name, value] of Object.entries(target.headers)) {
        if (!BROWSER_HEADERS.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
      }
      body = file;
    }
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new Error(uploadFailure(xhr.status, xhr.responseText)));
    };
    xhr.onerror = () => reject(new Error(uploadFailure(0, "")));
    xhr.onabort = () => reject(new Error("The upload was cancelled."));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

// Markdown ---------------------------------------------------------------------------------------

const escapeText = (text: string) => text.replace(/[\\[\]]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, " ");

/** Markdown for an attachment: an image shown inline, anything else a link. */
export function markdownFor(attachment: { name: string; url: string; isImage: boolean }): string {
  const text = escapeText(attachment.name);
  return attachment.isImage ? `![${text}](${attachment.url})` : `[${text}](${attachment.url})`;
}

/** What stands in the text while `name` uploads; unique within `text`, so each is replaced alone. */
export function placeholderFor(name: string, text: string): string {
  const base = escapeText(name);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `![Uploading ${base}…]()` : `![Uploading ${base} (${n})…]()`;
    if (!text.includes(candidate)) return candidate;
  }
}

/** `text` with `from` replaced by `to` once, and where a selection point moves to. */
export function replaceOnce(
  text: string,
  from: string,
  to: string,
): { text: string; move: (at: number) => number } | null {
  const i = text.indexOf(from);
  if (i < 0) return null;
  const end = i + from.length;
  return {
    text: text.slice(0, i) + to + text.slice(end),
    move: (at) => (at <= i ? at : at >= end ? at + to.length - from.length : i + to.length),
  };
}

/** The files on a clipboard or a drop, unless it also carries plain text (a spreadsheet's cells). */
export function filesOf(data: DataTransfer | null, { textWins }: { textWins: boolean }): File[] {
  if (!data?.files.length) return [];
  if (textWins && data.types.includes("text/plain")) return [];
  return Array.from(data.files);
}
