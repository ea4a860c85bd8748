import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "~/app/api/trpc/[trpc]/route";
import { createApiToken } from "~/server/auth/api-tokens";
import { db } from "~/server/db";
import { callerFor, makeTeam, type Team } from "../../../tests/fixtures";
import { MAX_BODY_BYTES } from "./http";
import { acceptsGzip, isTrpcPath, serveTrpc } from "./node";

// The production server's direct path to tRPC (server.ts), on a real Node.js HTTP server.
let server: http.Server;
let base: string;
let team: Team;
let bearer: string;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

function request(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
) {
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: init.method ?? "GET", headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

const input = (value: unknown) => encodeURIComponent(JSON.stringify({ json: value }));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (isTrpcPath(req.url)) void serveTrpc(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  team = await makeTeam();
  for (let i = 0; i < 12; i++) {
    await callerFor(team.owner).task.create({ projectId: team.project.id, title: `Task number ${i} of the page` });
  }
  bearer = `Bearer ${(await createApiToken(db, team.owner.id, { name: "node", expiresAt: null })).secret}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the direct tRPC path", () => {
  it("claims /api/trpc and what is below it, and nothing else", () => {
    for (const url of ["/api/trpc", "/api/trpc/task.list", "/api/trpc?batch=1"]) expect(isTrpcPath(url)).toBe(true);
    for (const url of ["/api/trpcx", "/api/tr", "/api/v1/health", "/", undefined]) expect(isTrpcPath(url)).toBe(false);
  });

  it("gives the same answer as the App Router route, written whole, with the API's headers", async () => {
    const path = `/api/trpc/task.list?input=${input({ projectId: team.project.id, limit: 5 })}`;
    const direct = await request(path, { headers: { authorization: bearer, "x-request-id": "direct-1" } });
    const routed = await GET(
      new Request(`http://localhost${path}`, { headers: { authorization: bearer, "x-request-id": "direct-1" } }),
    );
    expect(direct.status).toBe(200);
    expect(direct.body.toString()).toBe(await routed.text());
    expect(direct.headers["content-length"]).toBe(String(direct.body.length));
    expect(direct.headers["transfer-encoding"]).toBeUndefined();
    expect(direct.headers["x-request-id"]).toBe("direct-1");
    expect(direct.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(direct.headers["x-frame-options"]).toBe("DENY");
    expect(direct.headers["x-content-type-options"]).toBe("nosniff");
    const items = (JSON.parse(direct.body.toString()) as { result: { data: { json: { items: unknown[] } } } }).result
      .data.json.items;
    expect(items).toHaveLength(5);
  });

  it("answers errors as the route does: bad input, unknown procedure, signed out", async () => {
    for (const path of [
      `/api/trpc/health.ping?input=${input({ echo: "x".repeat(65) })}`,
      "/api/trpc/nope.nothing",
      `/api/trpc/task.list?input=${input({ projectId: team.project.id, limit: 5 })}`,
    ]) {
      const direct = await request(path, { headers: { "x-request-id": "same" } });
      const routed = await GET(new Request(`http://localhost${path}`, { headers: { "x-request-id": "same" } }));
      expect(direct.status).toBe(routed.status);
      expect(direct.status).toBeGreaterThanOrEqual(400);
      expect(direct.body.toString()).toBe(await routed.text());
      expect(direct.body.toString()).not.toMatch(/stack|node_modules/);
    }
  });

  it("gzips a larger answer for a client that accepts it, and says it varies", async () => {
    const path = `/api/trpc/task.list?input=${input({ projectId: team.project.id, limit: 12 })}`;
    const plain = await request(path, { headers: { authorization: bearer, "x-request-id": "z" } });
    const zipped = await request(path, {
      headers: { authorization: bearer, "x-request-id": "z", "accept-encoding": "br, gzip;q=0.8" },
    });
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(Number(zipped.headers["content-length"])).toBe(zipped.body.length);
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(gunzipSync(zipped.body).toString()).toBe(plain.body.toString());
  });

  it("reads Accept-Encoding as HTTP does", () => {
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("br, gzip;q=0")).toBe(false);
    expect(acceptsGzip("deflate")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it("refuses a body over the limit with 413 and writes nothing", async () => {
    const before = await db.task.count({ where: { projectId: team.project.id } });
    const res = await request("/api/trpc/task.create", {
      method: "POST",
      headers: { authorization: bearer, "content-type": "application/json" },
      body: JSON.stringify({
        json: { projectId: team.project.id, title: "Big", description: "x".repeat(MAX_BODY_BYTES) },
      }),
    });
    expect(res.status).toBe(413);
    expect(await db.task.count({ where: { projectId: team.project.id } })).toBe(before);
  });

  it("takes a mutation over POST, as a program would", async () => {
    const res = await request("/api/trpc/task.create", {
      method: "POST",
      headers: { authorization: bearer, "content-type": "application/json" },
      body: JSON.stringify({ json: { projectId: team.project.id, title: "Made over the direct path" } }),
    });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain("Made over the direct path");
  });

  it("answers other methods with 405 and the methods it takes, and preflights from unknown origins with 403", async () => {
    const put = await request("/api/trpc/health.ping", { method: "PUT", body: "{}" });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe("GET, POST, OPTIONS");
    expect(JSON.parse(put.body.toString())).toEqual({
      error: { message: "Use GET for queries and POST for mutations." },
    });
    const preflight = await request("/api/trpc/health.ping", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
