import { attachmentStorage, localFileStorage } from "~/server/attachments/config";
import { uploadKeyOf } from "~/server/attachments/service";
import type { SignedUpload } from "~/server/attachments/storage";
import type { callerFor } from "./fixtures";

type Caller = ReturnType<typeof callerFor>;

// Real file heads, as a browser would send them.
export const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
    "base64",
  ),
);
export const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
/** The start of a Windows executable ("MZ", then the DOS stub). */
export const EXE = Uint8Array.from([
  0x4d,
  0x5a,
  0x90,
  0x00,
  0x03,
  0x00,
  0x00,
  0x00,
  0x04,
  0x00,
  ...Array.from({ length: 118 }, () => 0),
]);

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

const APP = "http://app.test";

/**
 * Sends the file where a signed upload says, as the browser does: a relative URL is the app's own
 * upload route (local folder storage), an absolute one the S3 server.
 */
export async function sendUpload(upload: SignedUpload, bytes: Uint8Array, type?: string): Promise<Response> {
  const body = new Blob([Buffer.from(bytes)], { type: type ?? "" });
  if (upload.method === "POST") {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append("file", body, "upload");
    return fetch(upload.url, { method: "POST", body: form });
  }
  const headers = { ...upload.headers, ...(type ? { "Content-Type": type } : {}) };
  if (upload.url.startsWith("/")) {
    const local = localFileStorage();
    if (!local) throw new Error("A relative upload URL needs local storage");
    return local.handleUpload(
      new Request(new URL(upload.url, APP), {
        method: "PUT",
        headers,
        body: Buffer.from(bytes),
        duplex: "half",
      } as RequestInit),
    );
  }
  return fetch(upload.url, { method: "PUT", headers, body: Buffer.from(bytes) });
}

/** GETs a signed download URL: the local download route or the S3 server. */
export async function fetchSigned(url: string, init: RequestInit = {}): Promise<Response> {
  if (url.startsWith("/")) {
    const local = localFileStorage();
    if (!local) throw new Error("A relative download URL needs local storage");
    return local.handleDownload(new Request(new URL(url, APP), init));
  }
  return fetch(url, init);
}

/** createUpload, the transfer, complete: a file attached as `caller`. */
export async function attach(caller: Caller, taskId: string, name: string, bytes: Uint8Array) {
  const { attachmentId, upload } = await caller.attachment.createUpload({
    taskId,
    name,
    size: bytes.byteLength,
    contentType: "",
  });
  const sent = await sendUpload(upload, bytes);
  if (!sent.ok) throw new Error(`upload answered ${sent.status}: ${await sent.text()}`);
  const attachment = await caller.attachment.complete({ attachmentId });
  return attachment;
}

/** Object keys the storage holds for these rows, uploads included (none when the objects are gone). */
export async function storedKeys(keys: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const key of keys.flatMap((k) => [k, uploadKeyOf(k)])) {
    if (await attachmentStorage().inspect(key, 1)) found.push(key);
  }
  return found;
}
