import { describe, expect, it } from "vitest";
import { safeCallbackUrl, sameOriginPath } from "./safe-url";

const ORIGIN = "https://tasks.example.com";

describe("safeCallbackUrl", () => {
  it.each([
    ["/\t/evil.example/phish"],
    ["/\n/evil.example"],
    ["/\r/evil.example"],
    ["\t//evil.example"],
    ["/\t\\evil.example"],
    ["//evil.example"],
    ["///evil.example"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["\\/evil.example"],
    ["/.//evil.example/phish"],
    ["/./\\evil.example"],
    ["https://evil.example/"],
    ["http://tasks.example.com/"],
    ["https://tasks.example.com.evil.example/"],
    ["https://tasks.example.com@evil.example/"],
    ["https://tasks.example.com:8443/"],
    ["HTTPS://EVIL.EXAMPLE"],
    [" https://evil.example"],
    ["javascript:alert(1)"],
    ["JaVaScRiPt:alert(1)"],
    ["java\tscript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["vbscript:msgbox(1)"],
    ["https://tasks.example.com//evil.example/"],
    ["https://tasks.example.com/.//evil.example/"],
    [""],
  ])("refuses %j", (requested) => {
    expect(safeCallbackUrl(requested, ORIGIN)).toBe("/");
  });

  it.each([
    // Encoded separators stay encoded: a browser does not decode them while resolving.
    ["/%09/evil.example", "/%09/evil.example"],
    ["/%2F/evil.example", "/%2F/evil.example"],
    ["/%5Cevil.example", "/%5Cevil.example"],
    ["%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/w/acme", "/w/acme"],
    ["/w/acme/p/WEB?view=board&q=a%20b#task-3", "/w/acme/p/WEB?view=board&q=a%20b#task-3"],
    ["/account?tab=tokens", "/account?tab=tokens"],
    ["/#top", "/#top"],
    ["?verified=1", "/?verified=1"],
    ["w/acme", "/w/acme"],
    // Same scheme and no "//": a browser reads it as a path on this site.
    ["https:evil.example", "/evil.example"],
    ["/w/../account", "/account"],
    ["https://tasks.example.com/w/acme?x=1#y", "/w/acme?x=1#y"],
    ["https://tasks.example.com", "/"],
    ["https://TASKS.example.com:443/account", "/account"],
  ])("keeps %j on the site as %j", (requested, expected) => {
    expect(safeCallbackUrl(requested, ORIGIN)).toBe(expected);
  });

  it("answers the home page for nothing requested", () => {
    expect(safeCallbackUrl(null, ORIGIN)).toBe("/");
    expect(safeCallbackUrl(undefined, ORIGIN)).toBe("/");
  });

  it("whatever it answers, a browser resolves it to this origin", () => {
    const hostile = ["/\t/evil.example", "/.//evil.example", "//evil.example", "/\\evil.example", "/%09/x"];
    for (const requested of hostile) {
      expect(new URL(safeCallbackUrl(requested, ORIGIN), ORIGIN).origin).toBe(ORIGIN);
    }
  });
});

describe("sameOriginPath", () => {
  it("accepts an origin written with a trailing slash or a path", () => {
    expect(sameOriginPath("/a", `${ORIGIN}/`)).toBe("/a");
    expect(sameOriginPath("/a", `${ORIGIN}/some/page`)).toBe("/a");
  });

  it("answers null for another origin and for a malformed base", () => {
    expect(sameOriginPath("https://evil.example/x.png", ORIGIN)).toBeNull();
    expect(sameOriginPath("/x.png", "not a url")).toBeNull();
  });
});
