// The signed uploads and downloads a browser takes to the bucket, checked against SigV4 computed
// here by hand from the AWS specification, so that the signer's use is checked, not assumed.
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bucketBaseUrl, bucketOrigin, objectUrl } from "./bucket-url";
import { defaultUploadMethod, s3AttachmentStorage, type S3AttachmentConfig } from "./s3-storage";

const CONFIG: S3AttachmentConfig = {
  bucket: "tm-files",
  region: "eu-west-1",
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  forcePathStyle: false,
  uploadMethod: "PUT",
};

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");

function signingKey(secret: string, date: string, region: string) {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), "s3"), "aws4_request");
}

const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The signature a presigned URL should carry, from its own query and the headers it was signed with. */
function expectedSignature(method: string, url: URL, headers: Record<string, string>) {
  const query = [...url.searchParams.entries()]
    .filter(([name]) => name !== "X-Amz-Signature")
    .map(([name, value]) => [rfc3986(name), rfc3986(value)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const names = Object.keys(headers).sort();
  const canonical = [
    method,
    url.pathname,
    query,
    ...names.map((n) => `${n}:${headers[n]}`),
    "",
    names.join(";"),
    "UNSIGNED-PAYLOAD",
  ].join("\n");
  const date = url.searchParams.get("X-Amz-Date")!;
  const scope = `${date.slice(0, 8)}/${CONFIG.region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", date, scope, sha256(canonical)].join("\n");
  return hmac(signingKey(CONFIG.secretAccessKey, date.slice(0, 8), CONFIG.region), toSign).toString("hex");
}

describe("S3 attachment signing", () => {
  it("signs a PUT for exactly the declared size and type, valid for the given seconds", async () => {
    const storage = s3AttachmentStorage(CONFIG);
    const upload = await storage.signUpload({
      key: "attachments/w1/abc",
      size: 1234,
      contentType: "image/png",
      expiresInSeconds: 60,
    });
    if (upload.method !== "PUT") throw new Error("expected a PUT");
    expect(upload.headers).toEqual({ "Content-Type": "image/png" });
    const url = new URL(upload.url);
    expect(url.origin).toBe("https://tm-files.s3.eu-west-1.amazonaws.com");
    expect(url.pathname).toBe("/attachments/w1/abc");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("60");
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("content-length;content-type;host");
    expect(url.searchParams.get("X-Amz-Signature")).toBe(
      expectedSignature("PUT", url, { "content-length": "1234", "content-type": "image/png", host: url.host }),
    );
  });

  it("signs a POST policy that holds the size and type, with a signature of the policy", async () => {
    const storage = s3AttachmentStorage({ ...CONFIG, uploadMethod: "POST" });
    const before = Date.now();
    const upload = await storage.signUpload({
      key: "attachments/w1/def",
      size: 99,
      contentType: "application/pdf",
      expiresInSeconds: 60,
    });
    if (upload.method !== "POST") throw new Error("expected a POST");
    expect(upload.url).toBe("https://tm-files.s3.eu-west-1.amazonaws.com/");
    const { policy, "x-amz-signature": signature, "x-amz-date": date, ...fields } = upload.fields;
    expect(fields).toEqual({
      key: "attachments/w1/def",
      "Content-Type": "application/pdf",
      "x-amz-algorithm": "AWS4-HMAC-SHA256",
      "x-amz-credential": `AKIDEXAMPLE/${date!.slice(0, 8)}/eu-west-1/s3/aws4_request`,
    });
    const decoded = JSON.parse(Buffer.from(policy!, "base64").toString()) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(decoded.conditions).toEqual(
      expect.arrayContaining([
        { bucket: "tm-files" },
        { key: "attachments/w1/def" },
        { "Content-Type": "application/pdf" },
        ["content-length-range", 99, 99],
        { "x-amz-date": date },
      ]),
    );
    const expires = Date.parse(decoded.expiration) - before;
    expect(expires).toBeGreaterThan(55_000);
    expect(expires).toBeLessThanOrEqual(61_000);
    expect(signature).toBe(
      hmac(signingKey(CONFIG.secretAccessKey, date!.slice(0, 8), "eu-west-1"), policy!).toString("hex"),
    );
  });

  it("signs a download that answers with the given disposition and type", async () => {
    const storage = s3AttachmentStorage({ ...CONFIG, endpoint: "http://127.0.0.1:9000", forcePathStyle: true });
    const disposition = `attachment; filename="a b.html"; filename*=UTF-8''a%20b.html`;
    const url = new URL(
      await storage.signDownload({
        key: "attachments/w1/x",
        disposition,
        contentType: "application/octet-stream",
        expiresInSeconds: 60,
      }),
    );
    expect(url.origin + url.pathname).toBe("http://127.0.0.1:9000/tm-files/attachments/w1/x");
    expect(url.searchParams.get("response-content-disposition")).toBe(disposition);
    expect(url.searchParams.get("response-content-type")).toBe("application/octet-stream");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("60");
    expect(url.searchParams.get("X-Amz-Signature")).toBe(expectedSignature("GET", url, { host: url.host }));
  });

  it("uses PUT for R2, which has no presigned POST, and POST elsewhere", () => {
    expect(defaultUploadMethod("https://0123abcd.r2.cloudflarestorage.com")).toBe("PUT");
    expect(defaultUploadMethod("https://0123abcd.eu.r2.cloudflarestorage.com")).toBe("PUT");
    expect(defaultUploadMethod(undefined)).toBe("POST");
    expect(defaultUploadMethod("http://minio.internal:9000")).toBe("POST");
  });

  it("addresses the bucket as a browser reaches it", () => {
    expect(bucketOrigin({ bucket: "b1", region: "us-east-1", forcePathStyle: false })).toBe(
      "https://b1.s3.us-east-1.amazonaws.com",
    );
    // A dotted bucket cannot be a subdomain under TLS; path style instead.
    expect(bucketBaseUrl({ bucket: "files.example.com", region: "us-east-1", forcePathStyle: false }).toString()).toBe(
      "https://s3.us-east-1.amazonaws.com/files.example.com/",
    );
    const r2 = {
      bucket: "b1",
      region: "auto",
      endpoint: "https://acc.r2.cloudflarestorage.com",
      forcePathStyle: false,
    };
    expect(objectUrl(r2, "attachments/w/k").toString()).toBe("https://b1.acc.r2.cloudflarestorage.com/attachments/w/k");
    const minio = { bucket: "b1", region: "us-east-1", endpoint: "http://minio:9000", forcePathStyle: true };
    expect(objectUrl(minio, "attachments/w/k").toString()).toBe("http://minio:9000/b1/attachments/w/k");
  });
});
