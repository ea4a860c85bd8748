import { isIP } from "node:net";

// Who is on the other end of a request. The client writes X-Forwarded-For as it likes; only the
// entries appended by proxies we run behind can be believed, and only the socket peer cannot be
// forged at all. TRUSTED_PROXY_HOPS says how many proxies stand in front of the app, each appending
// the address it saw; the client's address is that many entries in from the right, counting the
// socket peer as the first.
//
// The production server (src/server/http/server.ts) resolves the address at the socket and hands every
// handler behind it a request whose X-Forwarded-For holds that one address. On Vercel the platform's
// edge does the same: it overwrites X-Forwarded-For with the address it saw. So code that has only the
// headers (route handlers, the tRPC context) reads the rightmost entry: the one our side wrote.

/** One address as a canonical string (IPv4-mapped IPv6 as IPv4, a port dropped), or null if it is none. */
export function canonicalAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  let address = value.trim();
  if (address.startsWith("[")) {
    const end = address.indexOf("]");
    if (end < 0) return null;
    address = address.slice(1, end);
  } else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) {
    address = address.slice(0, address.lastIndexOf(":"));
  }
  if (/^::ffff:/i.test(address) && isIP(address.slice(7)) === 4) address = address.slice(7);
  const version = isIP(address);
  if (version === 0) return null;
  return version === 6 ? address.toLowerCase() : address;
}

function forwardedEntries(header: string | string[] | null | undefined): string[] {
  if (!header) return [];
  const joined = Array.isArray(header) ? header.join(",") : header;
  return joined
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * The client's address from the socket peer and X-Forwarded-For: with `trustedHops` proxies in front,
 * the entry that many places left of the socket peer. "unknown" when that entry is not an address.
 */
export function resolveClientAddress(
  forwardedFor: string | string[] | null | undefined,
  socketAddress: string | null | undefined,
  trustedHops: number,
): string {
  const chain = [...forwardedEntries(forwardedFor), socketAddress ?? ""];
  const index = Math.max(0, chain.length - 1 - trustedHops);
  return canonicalAddress(chain[index]) ?? "unknown";
}

/** The client's address as resolved by the server in front of this handler (see the top of this file). */
export function clientIp(headers: Headers): string {
  const entries = forwardedEntries(headers.get("x-forwarded-for"));
  return canonicalAddress(entries.at(-1)) ?? "unknown";
}

// Expands an IPv6 address to its eight groups.
function ipv6Groups(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const groups = (part: string) => (part ? part.split(":") : []);
  let left = groups(head);
  let right = tail === undefined ? [] : groups(tail);
  // An embedded IPv4 tail ("::ffff:1.2.3.4" forms other than the mapped one) counts as two groups.
  const last = right.at(-1) ?? left.at(-1);
  if (last?.includes(".")) {
    const bytes = last.split(".").map(Number);
    const pair = [((bytes[0]! << 8) | bytes[1]!).toString(16), ((bytes[2]! << 8) | bytes[3]!).toString(16)];
    if (right.length > 0) right = [...right.slice(0, -1), ...pair];
    else left = [...left.slice(0, -1), ...pair];
  }
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill("0"), ...right].map((g) => g.padStart(4, "0"));
}

/**
 * The key a limit counts an address under: an IPv4 address itself, an IPv6 address by its /64,
 * since one subscriber is routinely handed a whole /64 and could otherwise rotate through it.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${ipv6Groups(address.split("%")[0]!).slice(0, 4).join(":")}::/64`;
}
