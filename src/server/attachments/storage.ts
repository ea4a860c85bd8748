// Where attachment bytes live: an S3-compatible bucket, or a local folder in development. The app
// never streams a file through itself on the way in: it signs an upload that the browser sends
// straight to the storage, then inspects what arrived.

/** How the browser sends the file: a form POST with these fields then the file, or a raw PUT with these headers. */
export type SignedUpload =
  | { method: "POST"; url: string; fields: Record<string, string> }
  | { method: "PUT"; url: string; headers: Record<string, string> };

export type UploadRequest = {
  key: string;
  /** The exact size declared; the signature (PUT) or policy (POST) holds the upload to it. */
  size: number;
  contentType: string;
  expiresInSeconds: number;
};

export type DownloadRequest = {
  key: string;
  /** A complete Content-Disposition value. */
  disposition: string;
  /** The Content-Type to answer with. */
  contentType: string;
  expiresInSeconds: number;
};

/** `version` names these exact bytes (an S3 ETag): `promote` moves the object only while it still holds them. */
export type StoredObject = { size: number; head: Uint8Array; version: string };

/** The object under the key changed (or went) between inspection and promotion. */
export class ObjectChanged extends Error {}

export type AttachmentStorage = {
  readonly kind: "s3" | "local";
  signUpload(request: UploadRequest): Promise<SignedUpload>;
  /** The stored size and up to `bytes` first bytes, or null when nothing is stored under `key`. */
  inspect(key: string, bytes: number): Promise<StoredObject | null>;
  signDownload(request: DownloadRequest): Promise<string>;
  /**
   * Moves a checked upload to where downloads read it, only if it still is the `version` inspected
   * (else ObjectChanged): the bytes served are the bytes checked, even if the one-minute upload link
   * is used again after the check.
   */
  promote(from: string, to: string, version: string): Promise<void>;
  /** Deletes the objects; a missing one is not an error. */
  remove(keys: readonly string[]): Promise<void>;
};
