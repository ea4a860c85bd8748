import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env.mjs";

// Email links use this URL; it must never come from a request's Host header.
describe("the public URL for email links", () => {
  it("prefers APP_URL", () => {
    expect(
      parseEnv({ APP_URL: "https://tasks.example.com", RENDER_EXTERNAL_URL: "https://x.onrender.com" }).APP_URL,
    ).toBe("https://tasks.example.com");
  });

  it("falls back to the URL Render or Vercel gives the deployment", () => {
    expect(parseEnv({ RENDER_EXTERNAL_URL: "https://tm.onrender.com" }).APP_URL).toBe("https://tm.onrender.com");
    expect(
      parseEnv({
        VERCEL_ENV: "production",
        VERCEL_PROJECT_PRODUCTION_URL: "tm.vercel.app",
        VERCEL_URL: "tm-abc.vercel.app",
      }).APP_URL,
    ).toBe("https://tm.vercel.app");
    expect(
      parseEnv({
        VERCEL_ENV: "preview",
        VERCEL_BRANCH_URL: "tm-git-feature.vercel.app",
        VERCEL_URL: "tm-abc.vercel.app",
      }).APP_URL,
    ).toBe("https://tm-git-feature.vercel.app");
  });

  it("is unset when nothing provides it", () => {
    expect(parseEnv({ NODE_ENV: "production" }).APP_URL).toBeUndefined();
  });
});
