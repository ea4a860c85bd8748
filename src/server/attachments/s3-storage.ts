import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Checksum, SourceData } from "@smithy/types";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { s3Client } from "~/server/backup/s3-storage";
import { bucketBaseUrl, objectUrl, type BucketLocation } from "./bucket-url";
import { ObjectChanged, type AttachmentStorage, type SignedUpload, type StoredObject } from "./storage";

export type S3AttachmentConfig = BucketLocation & {
  accessKeyId: string;
  secretAccessKey: string;
  /** "POST": a form upload whose policy holds the size (AWS S3, MinIO). "PUT": the size is signed (R2). */
  uploadMethod: "POST" | "PUT";
};

/** R2 has no presigned POST; everything else we document takes one. */
export function defaultUploadMethod(endpoint: string | undefined): "POST" | "PUT" {
  return endpoint && /\.r2\.cloudflarestorage\.com$/i.test(new URL(endpoint).hostname) ? "PUT" : "POST";
}

// SHA-256, and HMAC-SHA256 when given a key, in the shape the signer expects.
class Sha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }
  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(this.secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.create();
  }
}

function toBytes(data: SourceData): Uint8Array {
  if (typeof data === "string") return new TextEncoder().encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404);

const isChanged = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === "PreconditionFailed" || error.$metadata.httpStatusCode === 412);

const amzDate = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

export function s3AttachmentStorage(
  config: S3AttachmentConfig,
  client: S3Client = s3Client({ ...config, prefix: "" }),
): AttachmentStorage {
  const { bucket, region } = config;
  const credentials = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey };
  // S3 paths are signed as sent (not encoded a second time), and presigned requests carry no body hash.
  const signer = new SignatureV4({ credentials, region, service: "s3", sha256: Sha256, uriEscapePath: false });

  function presign(
    method: "GET" | "PUT",
    key: string,
    expiresIn: number,
    options: { headers?: Record<string, string>; query?: Record<string, string> } = {},
  ) {
    const url = objectUrl(config, key);
    const headers = { host: url.host, ...options.headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" };
    return signer
      .presign(
        {
          method,
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port ? Number(url.port) : undefined,
          path: url.pathname,
          query: options.query ?? {},
          headers,
        },
        { expiresIn, signableHeaders: new Set(Object.keys(headers).filter((h) => h !== "x-amz-content-sha256")) },
      )
      .then((signed) => {
        const out = new URL(url);
        for (const [name, value] of Object.entries(signed.query ?? {})) {
          if (typeof value === "string") out.searchParams.set(name, value);
        }
        return out.toString();
      });
  }

  async function signPost(key: string, size: number, contentType: string, expiresIn: number): Promise<SignedUpload> {
    const now = new Date();
    const date = amzDate(now);
    const credential = `${config.accessKeyId}/${date.slice(0, 8)}/${region}/s3/aws4_request`;
    const policy = Buffer.from(
      JSON.stringify({
        expiration: new Date(now.getTime() + expiresIn * 1000).toISOString(),
        conditions: [
          { bucket },
          { key },
          { "Content-Type": contentType },
          ["content-length-range", size, size],
          { "x-amz-algorithm": "AWS4-HMAC-SHA256" },
          { "x-amz-credential": credential },
          { "x-amz-date": date },
        ],
      }),
    ).toString("base64");
    const signature = await signer.sign(policy, { signingDate: now });
    return {
      method: "POST",
      url: bucketBaseUrl(config).toString(),
      fields: {
        key,
        "Content-Type": contentType,
        "x-amz-algorithm": "AWS4-HMAC-SHA256",
        "x-amz-credential": credential,
        "x-amz-date": date,
        policy,
        "x-amz-signature": signature,
      },
    };
  }

  return {
    kind: "s3",

    async signUpload({ key, size, contentType, expiresInSeconds }) {
      if (config.uploadMethod === "POST") return signPost(key, size, contentType, expiresInSeconds);
      const url = await presign("PUT", key, expiresInSeconds, {
        headers: { "content-length": String(size), "content-type": contentType },
      });
      return { method: "PUT", url, headers: { "Content-Type": contentType } };
    },

    async inspect(key, bytes): Promise<StoredObject | null> {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const size = head.ContentLength ?? 0;
        const version = head.ETag ?? "";
        if (size === 0) return { size, head: new Uint8Array(), version };
        const { Body } = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            Range: `bytes=0-${Math.min(bytes, size) - 1}`,
            ...(version ? { IfMatch: version } : {}),
          }),
        );
        const first = Body ? await Body.transformToByteArray() : new Uint8Array();
        // A server that ignores Range sends the whole object; only the head is kept.
        return { size, head: first.subarray(0, bytes), version };
      } catch (error) {
        // Without s3:ListBucket (which the app does not need), S3 answers a missing object with 403.
        if (isMissing(error) || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 403)) {
          return null;
        }
        if (isChanged(error)) throw new ObjectChanged(key);
        throw error;
      }
    },

    signDownload({ key, disposition, contentType, expiresInSeconds }) {
      return presign("GET", key, expiresInSeconds, {
        query: { "response-content-disposition": disposition, "response-content-type": contentType },
      });
    },

    // A server-side copy on the condition that the source still has the inspected ETag, then the
    // upload is deleted.
    async promote(from, to, version) {
      let copied;
      try {
        copied = await client.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: to,
            CopySource: `${bucket}/${from}`,
            ...(version ? { CopySourceIfMatch: version } : {}),
            MetadataDirective: "COPY",
          }),
        );
      } catch (error) {
        if (isMissing(error) || isChanged(error)) throw new ObjectChanged(from);
        throw error;
      }
      // A server that ignores the condition still reports what it copied.
      const etag = copied.CopyObjectResult?.ETag;
      if (version && etag && etag !== version) {
        await this.remove([to]);
        throw new ObjectChanged(from);
      }
      await this.remove([from]);
    },

    // One DeleteObject per key, a few at a time: the batch call needs a Content-MD5 that some
    // S3-compatible servers and SDK checksum settings disagree on.
    async remove(keys) {
      const queue = [...keys];
      const worker = async () => {
        for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
          try {
            await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
          } catch (error) {
            if (!isMissing(error)) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
    },
  };
}
