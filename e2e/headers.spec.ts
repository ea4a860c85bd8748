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
