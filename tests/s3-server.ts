import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export type S3Request = { method: string; url: string };

/**
 * A real S3-protocol server (s3rver, objects on disk) on a free local port, with a log of the
 * requests it served, so tests can see what went over the wire (e.g. the parts of a multipart upload).
 * s3rver accepts any SigV4 signature from its built-in key pair S3RVER / S3RVER.
 */
export async function startS3Server(bucket: string) {
  const directory = await mkdtemp(path.join(os.tmpdir(), "tm-s3-"));
  const s3 = new S3rver({ silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  await s3.configureBuckets();
  const handle = s3.callback();
  const requests: S3Request[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "" });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    bucket,
    requests,
    config: (prefix = "") => ({
      bucket,
      region: "us-east-1",
      endpoint,
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      prefix,
      forcePathStyle: true,
    }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
