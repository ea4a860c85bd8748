import { describe, expect, it } from "vitest";
import { addressKey, canonicalAddress, clientIp, resolveClientAddress } from "./client-address";

describe("the client's address", () => {
  it("believes only the socket when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("6.6.6.6", "203.0.113.7", 0)).toBe("203.0.113.7");
    expect(resolveClientAddress("6.6.6.6, 7.7.7.7", "::ffff:203.0.113.7", 0)).toBe("203.0.113.7");
    expect(resolveClientAddress(undefined, "2001:DB8::1", 0)).toBe("2001:db8::1");
  });

  it("takes the entry the trusted proxies appended, never one the client wrote before them", () => {
    // Client → proxy (appends what it saw) → app: the client's own entries are left of it.
    expect(resolveClientAddress("1.1.1.1, 198.51.100.4", "10.0.0.2", 1)).toBe("198.51.100.4");
    expect(resolveClientAddress(["1.1.1.1", "198.51.100.4, 10.0.0.9"], "10.0.0.2", 2)).toBe("198.51.100.4");
    // Fewer entries than hops: the leftmost one there is.
    expect(resolveClientAddress("198.51.100.4", "10.0.0.2", 3)).toBe("198.51.100.4");
  });

  it("says unknown when the entry it must believe is not an address", () => {
    expect(resolveClientAddress("1.1.1.1, not-an-ip", "10.0.0.2", 1)).toBe("unknown");
    expect(resolveClientAddress(undefined, undefined, 0)).toBe("unknown");
  });

  it("reads the rightmost X-Forwarded-For entry: the one the server in front wrote", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIp(new Headers({ "x-real-ip": "6.6.6.6" }))).toBe("unknown");
    expect(clientIp(new Headers())).toBe("unknown");
  });

  it("writes one address one way", () => {
    expect(canonicalAddress(" 203.0.113.7:51234 ")).toBe("203.0.113.7");
    expect(canonicalAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(canonicalAddress("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(canonicalAddress("10.9.1.1-abc")).toBeNull();
    expect(canonicalAddress("")).toBeNull();
  });

  it("counts IPv4 addresses one by one and IPv6 addresses by their /64", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("2001:db8:1:2::1")).toBe("2001:0db8:0001:0002::/64");
    expect(addressKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(addressKey("2001:db8:1:2::1"));
    expect(addressKey("2001:db8:1:3::1")).not.toBe(addressKey("2001:db8:1:2::1"));
    expect(addressKey("::1")).toBe("0000:0000:0000:0000::/64");
    expect(addressKey("64:ff9b::192.0.2.1")).toBe("0064:ff9b:0000:0000::/64");
    expect(addressKey("unknown")).toBe("unknown");
  });
});
