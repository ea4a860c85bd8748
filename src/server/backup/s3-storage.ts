import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Readable } from "node:stream";
import { BackupObjectMissing, checkName, type BackupStorage, type StoredObject } from "./storage";

export type S3StorageConfig = {
  bucket: string;
  region: string;
  /** Unset for AWS S3; the account endpoint for R2, the server URL for MinIO. */
  endpoint?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** "" or a prefix ending in "/". */
  prefix: string;
  forcePathStyle: boolean;
  /** Bytes per multipart part; S3 requires at least 5 MiB for every part but the last. */
  partSize?: number;
};

export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

export function s3Client(config: S3StorageConfig): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // The SDK adds CRC32 checksums to every upload by default, sent as an aws-chunked trailer for
    // streamed bodies, and expects them on downloads. S3-compatible servers that predate that change
    // refuse the headers or the trailer, so on a custom endpoint checksums are sent only where the
    // API requires them. Integrity does not rest on them: the manifest's SHA-256 covers the whole
    // dump and every restore checks it.
    ...(config.endpoint
      ? { requestChecksumCalculation: "WHEN_REQUIRED" as const, responseChecksumValidation: "WHEN_REQUIRED" as const }
      : {}),
  });
}

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404);

export function s3Storage(config: S3StorageConfig, client: S3Client = s3Client(config)): BackupStorage {
  const { bucket, prefix } = config;
  const key = (name: string) => `${prefix}${checkName(name)}`;
  const location = `s3://${bucket}/${prefix}`;

  async function get(name: string) {
    try {
      const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(name) }));
      if (!Body) throw new BackupObjectMissing(name, location);
      return Body;
    } catch (error) {
      if (isMissing(error)) throw new BackupObjectMissing(name, location);
      throw error;
    }
  }

  return {
    kind: "s3",
    location,

    // A multipart upload holds at most queueSize + 1 parts in memory, whatever the dump's size, and
    // S3 shows the object only when the upload completes. On failure the upload is aborted.
    async putStream(name, body) {
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: key(name), Body: body, ContentType: "application/gzip" },
        partSize: config.partSize ?? DEFAULT_PART_SIZE,
        queueSize: 2,
        leavePartsOnError: false,
      });
      await upload.done();
    },

    async putText(name, text) {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key(name), Body: text, ContentType: "application/json" }),
      );
    },

    async getStream(name) {
      const body = await get(name);
      return body instanceof Readable ? body : Readable.fromWeb(body.transformToWebStream() as never);
    },

    async getText(name) {
      return (await get(name)).transformToString("utf8");
    },

    async list() {
      const objects: StoredObject[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const item of page.Contents ?? []) {
          const name = item.Key?.slice(prefix.length);
          // Only our own flat names: "folders" under the prefix belong to something else.
          if (!name || name.includes("/")) continue;
          objects.push({ name, bytes: item.Size ?? 0, modifiedAt: item.LastModified ?? new Date(0) });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return objects;
    },

    async delete(name) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key(name) }));
    },
  };
}
