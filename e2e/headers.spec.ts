import { expect, test, type APIResponse } from "@playwright/test";

function expectSecurityHeaders(res: APIResponse, kind: "page" | "api" = "page") {
  const h = res.headers();
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"]).toContain("camera=()");
  expect(h["strict-transport-security"]).toMatch(/max-age=\d{8}/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  if (kind === "page") {
    expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  } else {
    expect(h["content-security-policy"]).toContain("default-src 'none'");
  }
  expect(h["x-request-id"]).toBeTruthy();
}

test("a page carries every security header, and a fresh script nonce per request", async ({ request }) => {
  const first = await request.get("/");
  const second = await request.get("/");
  expectSecurityHeaders(first);
  const nonce = (res: APIResponse) => /'nonce-([^']+)'/.exec(res.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce(first)).not.toBe(nonce(second));
  // Next's own scripts carry the nonce, so they run under the policy.
  expect(await first.text()).toContain(`nonce="${nonce(first)}"`);
});

test("a prefetched page carries the same security headers as a page", async ({ request }) => {
  const prefetches: Record<string, string>[] = [
    // next/link's prefetch of a page's React Server Components payload.
    { rsc: "1", "next-router-prefetch": "1" },
    { "next-router-prefetch": "1" },
    // A browser's own prefetch (speculation rules, <link rel=prefetch>).
    { purpose: "prefetch" },
    { "sec-purpose": "prefetch" },
  ];
  for (const headers of prefetches) {
    const res = await request.get("/sign-in", { headers });
    expect(res.status(), JSON.stringify(headers)).toBe(200);
    expectSecurityHeaders(res);
  }
});

test("the API carries the security headers and echoes a well-formed request id", async ({ request }) => {
  const res = await request.get("/api/trpc/health.ping", { headers: { "x-request-id": "trace-abc-123" } });
  expect(res.status()).toBe(200);
  expectSecurityHeaders(res, "api");
  expect(res.headers()["x-request-id"]).toBe("trace-abc-123");
  const made = await request.get("/api/trpc/health.ping", { headers: { "x-request-id": "not ok\tid" } });
  expect(made.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("CORS on the API is limited to CORS_ORIGIN", async ({ request }) => {
  const res = await request.fetch("/api/trpc/health.ping", {
    method: "OPTIONS",
    headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
  });
  expect(res.status()).toBe(403);
  expect(res.headers()["access-control-allow-origin"]).toBeUndefined();
});

test("static assets are served with an immutable year-long cache", async ({ request }) => {
  const html = await (await request.get("/sign-in")).text();
  const asset = /\/_next\/static\/[^"']+\.(?:js|css)/.exec(html)?.[0];
  expect(asset).toBeTruthy();
  const res = await request.get(asset!);
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
});

test("the health endpoints answer with the original design's shapes", async ({ request }) => {
  const basic = await request.get("/api/v1/health");
  expect(basic.status()).toBe(200);
  const body = (await basic.json()) as { status: string; timestamp: string };
  expect(body.status).toBe("ok");
  expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
  const detailed = await request.get("/api/v1/health/detailed");
  expect(detailed.status()).toBe(200);
  const d = (await detailed.json()) as { status: string; services: { database: string; redis: string } };
  expect(d.services.database).toBe("healthy");
  expect(["healthy", "unhealthy"]).toContain(d.services.redis);
});

test("the icons, the manifest and robots.txt are served from public/ with a day's cache", async ({ request }) => {
  const files: [string, RegExp][] = [
    ["/favicon.ico", /^image\/(x-icon|vnd\.microsoft\.icon)/],
    ["/icon.svg", /^image\/svg\+xml/],
    ["/icon-192.png", /^image\/png/],
    ["/icon-512.png", /^image\/png/],
    ["/icon-maskable-512.png", /^image\/png/],
    ["/apple-touch-icon.png", /^image\/png/],
    ["/manifest.webmanifest", /^application\/manifest\+json/],
    ["/robots.txt", /^text\/plain/],
  ];
  for (const [path, type] of files) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    const h = res.headers();
    expect(h["content-type"], path).toMatch(type);
    expect(h["cache-control"], path).toBe("public, max-age=86400, stale-while-revalidate=604800");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    // The page proxy (request id, per-request nonce) does not run for them.
    expect(h["x-request-id"], path).toBeUndefined();
  }
  const manifest = (await (await request.get("/manifest.webmanifest")).json()) as { icons: { src: string }[] };
  for (const icon of manifest.icons) expect((await request.get(icon.src)).status(), icon.src).toBe(200);
  expect(await (await request.get("/robots.txt")).text()).toContain("Disallow: /w/");
});

test("a page links the icons and the manifest, and a theme colour for each colour scheme", async ({ request }) => {
  const html = await (await request.get("/sign-in")).text();
  expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"');
  expect(html).toMatch(/<link rel="icon" href="\/favicon\.ico"/);
  expect(html).toMatch(/<link rel="icon" href="\/icon\.svg"/);
  expect(html).toMatch(/<link rel="apple-touch-icon" href="\/apple-touch-icon\.png"/);
  expect(html).toContain('<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)"/>');
  expect(html).toContain('<meta name="theme-color" content="#09090b" media="(prefers-color-scheme: dark)"/>');
});
