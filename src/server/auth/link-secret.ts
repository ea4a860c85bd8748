import { randomBytes } from "node:crypto";
import { hashToken } from "./api-tokens";

// The secret of a link sent by email (confirm an address, reset a password, accept an invitation):
// 32 random bytes, base64url, 43 characters. Only its SHA-256 is stored, so a copy of the database
// holds no working link.
export function newLinkSecret(): { secret: string; tokenHash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { secret, tokenHash: hashToken(secret) };
}
