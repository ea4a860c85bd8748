// The URL of an S3-compatible bucket as a browser reaches it. Pure, so that the page proxy can add
// the bucket's origin to the Content-Security-Policy (uploads connect to it, thumbnails load from it).

export type BucketLocation = {
  bucket: string;
  region: string;
  /** Unset for AWS S3; the account endpoint for R2, the server URL for MinIO. */
  endpoint?: string;
  /** endpoint/bucket/key instead of bucket.endpoint/key (MinIO and most self-hosted servers). */
  forcePathStyle: boolean;
};

/** The bucket's base URL, ending in "/": keys are appended, each path segment percent-encoded. */
export function bucketBaseUrl(location: BucketLocation): URL {
  const endpoint = new URL(location.endpoint ?? `https://s3.${location.region}.amazonaws.com`);
  // A bucket with dots cannot be a subdomain under TLS (the certificate covers one level only).
  if (location.forcePathStyle || location.bucket.includes(".")) {
    return new URL(`${endpoint.origin}${endpoint.pathname.replace(/\/$/, "")}/${location.bucket}/`);
  }
  return new URL(`${endpoint.protocol}//${location.bucket}.${endpoint.host}${endpoint.pathname.replace(/\/?$/, "/")}`);
}

export function bucketOrigin(location: BucketLocation): string {
  return bucketBaseUrl(location).origin;
}

export function objectUrl(location: BucketLocation, key: string): URL {
  const encoded = key.split("/").map(encodeURIComponent).join("/");
  return new URL(encoded, bucketBaseUrl(location));
}
