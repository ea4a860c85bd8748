import { createHmac, timingSafeEqual } from "node:crypto";
import type { Manifest } from "./manifest";

// What the signature covers: every field a restore relies on (the dump's name, size and SHA-256
// among them), in a fixed order whatever the order of the keys in the JSON.
function signedText(manifest: Manifest): string {
  const tables = Object.entries(manifest.tables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const { format, file, createdAt, migration, bytes, sha256 } = manifest;
  return JSON.stringify([format, file, createdAt, migration, tables, bytes, sha256]);
}

const hmac = (manifest: Manifest, key: string) => createHmac("sha256", key).update(signedText(manifest)).digest();

/** HMAC-SHA256 of the manifest under `key`, in hex. */
export function signManifest(manifest: Manifest, key: string): string {
  return hmac(manifest, key).toString("hex");
}

export function signatureMatches(manifest: Manifest, key: string): boolean {
  const { signature } = manifest;
  if (typeof signature !== "string" || !/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signature, "hex"), hmac(manifest, key));
}
