import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { link, mkdir, open, rename, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { ObjectChanged, type AttachmentStorage, type StoredObject } from "./storage";

// Attachments in a folder (UPLOAD_DIR), for development and servers with a disk of their own. The
// app's two file routes play the bucket's part: /api/files/upload takes a PUT signed for one key,
// size and type, /api/files/download answers a GET signed for one key and disposition. Both links
// are HMAC-signed and expire, as presigned S3 URLs do.

export const LOCAL_UPLOAD_PATH = "/api/files/upload";
export const LOCAL_DOWNLOAD_PATH = "/api/files/download";

type UploadClaims = { op: "put"; key: string; size: number; type: string; exp: number };
type DownloadClaims = { op: "get"; key: string; disposition: string; type: string; exp: number };
type Claims = UploadClaims | DownloadClaims;

const KEY_PATTERN = /^[a-z0-9]+(?:\/[a-z0-9]+)*$/;

export type LocalStorageOptions = {
  directory: string;
  /** Signs the links; the same on every process serving the folder. */
  secret: string;
};

export type LocalAttachmentStorage = AttachmentStorage & {
  readonly directory: string;
  handleUpload(req: Request): Promise<Response>;
  handleDownload(req: Request): Promise<Response>;
};

const json = (status: number, message: string) =>
  Response.json({ error: { message } }, { status, headers: { "Cache-Control": "no-store" } });

export function localAttachmentStorage(options: LocalStorageOptions): LocalAttachmentStorage {
  const directory = path.resolve(options.directory);
  const signingKey = createHmac("sha256", options.secret).update("taskmanager attachment links").digest();

  function fileOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`Not an attachment key: ${key}`);
    return path.join(directory, ...key.split("/"));
  }

  function sign(claims: Claims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
    const mac = createHmac("sha256", signingKey).update(body).digest("base64url");
    return `${body}.${mac}`;
  }

  function verify(token: string | null): Claims | null {
    if (!token) return null;
    const [body, mac, extra] = token.split(".");
    if (!body || !mac || extra !== undefined) return null;
    const expected = createHmac("sha256", signingKey).update(body).digest();
    const given = Buffer.from(mac, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Claims;
      if (typeof claims.exp !== "number" || claims.exp < Date.now() || !KEY_PATTERN.test(claims.key)) return null;
      return claims;
    } catch {
      return null;
    }
  }

  // Counts bytes on the way to disk and fails the pipeline past `limit`.
  function capped(limit: number, seen: { bytes: number }) {
    return new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        seen.bytes += chunk.length;
        if (seen.bytes > limit) callback(new TooLarge());
        else callback(null, chunk);
      },
    });
  }

  return {
    kind: "local",
    directory,

    signUpload({ key, size, contentType, expiresInSeconds }) {
      const token = sign({ op: "put", key, size, type: contentType, exp: Date.now() + expiresInSeconds * 1000 });
      return Promise.resolve({
        method: "PUT",
        url: `${LOCAL_UPLOAD_PATH}?token=${token}`,
        headers: { "Content-Type": contentType },
      });
    },

    async inspect(key, bytes): Promise<StoredObject | null> {
      let handle;
      try {
        handle = await open(fileOf(key), "r");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      try {
        const { size, ino, mtimeMs } = await handle.stat();
        const head = Buffer.alloc(Math.min(bytes, size));
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        return {
          size,
          head: new Uint8Array(head.buffer, head.byteOffset, bytesRead),
          version: `${ino}-${mtimeMs}-${size}`,
        };
      } finally {
        await handle.close();
      }
    },

    signDownload({ key, disposition, contentType, expiresInSeconds }) {
      const token = sign({ op: "get", key, disposition, type: contentType, exp: Date.now() + expiresInSeconds * 1000 });
      return Promise.resolve(`${LOCAL_DOWNLOAD_PATH}?token=${token}`);
    },

    // An upload file is written once (see handleUpload), so the file inspected is the file renamed.
    async promote(from, to, version) {
      const source = fileOf(from);
      const now = await stat(source).catch(() => null);
      if (!now || `${now.ino}-${now.mtimeMs}-${now.size}` !== version) throw new ObjectChanged(from);
      const target = fileOf(to);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(source, target);
    },

    async remove(keys) {
      for (const key of keys) await rm(fileOf(key), { force: true });
    },

    // PUT with a signed token: exactly the signed size and type, written beside the target and
    // linked into place only when complete. A key is written once: a second upload with the same
    // link (it is valid for a minute) cannot swap the bytes after they were checked.
    async handleUpload(req) {
      if (req.method !== "PUT") return json(405, "Upload with PUT.");
      const claims = verify(new URL(req.url).searchParams.get("token"));
      if (!claims || claims.op !== "put") return json(403, "This upload link is invalid or has expired.");
      const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
      if (type !== claims.type) return json(400, `The upload must be sent as ${claims.type}.`);
      const declared = req.headers.get("content-length");
      if (declared !== null && Number(declared) > claims.size) {
        return json(413, `The file is larger than the ${claims.size} bytes this link is for.`);
      }
      const target = fileOf(claims.key);
      const partial = `${target}.${randomBytes(6).toString("hex")}.part`;
      await mkdir(path.dirname(target), { recursive: true });
      const seen = { bytes: 0 };
      try {
        await pipeline(
          // An empty file may come without a body at all.
          req.body ? Readable.fromWeb(req.body as WebReadableStream<Uint8Array>) : Readable.from([]),
          capped(claims.size, seen),
          createWriteStream(partial, { flags: "wx" }),
        );
        if (seen.bytes !== claims.size) {
          return json(400, `The upload was ${seen.bytes} bytes; this link is for exactly ${claims.size}.`);
        }
        try {
          await link(partial, target);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "EEXIST") return json(409, "This file was already uploaded.");
          throw error;
        }
        return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
      } catch (error) {
        if (error instanceof TooLarge) {
          return json(413, `The file is larger than the ${claims.size} bytes this link is for.`);
        }
        throw error;
      } finally {
        await unlink(partial).catch(() => undefined);
      }
    },

    // GET with a signed token: the file with the signed type and disposition, never sniffed.
    async handleDownload(req) {
      if (req.method !== "GET" && req.method !== "HEAD") return json(405, "Download with GET.");
      const claims = verify(new URL(req.url).searchParams.get("token"));
      if (!claims || claims.op !== "get") return json(403, "This download link is invalid or has expired.");
      const file = fileOf(claims.key);
      let size: number;
      try {
        size = (await stat(file)).size;
      } catch {
        return json(404, "The file is not there any more.");
      }
      const headers = new Headers({
        "Content-Type": claims.type,
        "Content-Length": String(size),
        "Content-Disposition": claims.disposition,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": "private, max-age=60",
      });
      if (req.method === "HEAD") return new Response(null, { status: 200, headers });
      const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
      return new Response(body, { status: 200, headers });
    },
  };
}

class TooLarge extends Error {}
