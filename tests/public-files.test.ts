import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PUBLIC_FILES } from "~/lib/public-files.mjs";
import { config } from "~/proxy";

const PUBLIC = path.resolve(import.meta.dirname, "../public");

type Icon = { src: string; sizes: string; type: string; purpose?: string };
type Manifest = {
  name?: string;
  short_name?: string;
  start_url?: string;
  display?: string;
  theme_color?: string;
  background_color?: string;
  icons?: Icon[];
};

// Width and height from a PNG's IHDR chunk, which follows the 8-byte signature and the chunk header.
function pngSize(file: string): string {
  const bytes = readFileSync(path.join(PUBLIC, file));
  expect(bytes.subarray(1, 4).toString("latin1"), file).toBe("PNG");
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

describe("public/", () => {
  const manifest = JSON.parse(readFileSync(path.join(PUBLIC, "manifest.webmanifest"), "utf8")) as Manifest;

  it("has a manifest with the fields an install prompt needs", () => {
    expect(manifest.name).toBe("Taskmanager");
    expect(manifest.short_name).toBeTruthy();
    expect(manifest.start_url).toBe("/");
    expect(manifest.display).toBe("standalone");
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);
    const sizes = (manifest.icons ?? []).map((i) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    expect(manifest.icons?.some((i) => i.purpose === "maskable")).toBe(true);
  });

  it("has every icon the manifest names, at the size it states", () => {
    for (const icon of manifest.icons ?? []) {
      const file = icon.src.replace(/^\//, "");
      expect(PUBLIC_FILES, icon.src).toContain(file);
      if (icon.type === "image/png") expect(pngSize(file), icon.src).toBe(icon.sizes);
      else expect(readFileSync(path.join(PUBLIC, file), "utf8"), icon.src).toContain("<svg");
    }
    expect(pngSize("apple-touch-icon.png")).toBe("180x180");
    // An ICO starts with reserved 0, type 1 (icon), then its image count.
    const ico = readFileSync(path.join(PUBLIC, "favicon.ico"));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThan(0);
  });

  it("keeps crawlers out of workspaces, the API and account pages", () => {
    const rules = readFileSync(path.join(PUBLIC, "robots.txt"), "utf8");
    for (const prefix of ["/w/", "/api/", "/account", "/admin/", "/invitations/"]) {
      expect(rules).toContain(`Disallow: ${prefix}\n`);
    }
  });

  it("lists exactly the folder's files, and the page proxy skips those and nothing else", () => {
    expect([...PUBLIC_FILES].sort()).toEqual(readdirSync(PUBLIC).sort());
    const matchers = config.matcher.map((m) => new RegExp(`^${m}$`));
    const proxied = (pathname: string) => matchers.some((m) => m.test(pathname));
    for (const file of PUBLIC_FILES) expect(proxied(`/${file}`), file).toBe(false);
    for (const page of ["/", "/sign-in", "/w/acme", "/icon.svg.html", "/favicon.icon", "/w/acme/robots.txt"]) {
      expect(proxied(page), page).toBe(true);
    }
    expect(proxied("/api/trpc/health.ping")).toBe(false);
  });
});
