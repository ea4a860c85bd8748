import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { createCaller } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { createDb } from "~/server/db";
import { flushErrors, initServerErrorTracking } from "~/server/observability";

// A local stand-in for Sentry's ingest endpoint: it records every envelope POSTed to it.
const envelopes: string[] = [];
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    envelopes.push((req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body).toString("utf8"));
    res.writeHead(200).end("{}");
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as AddressInfo;

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("error tracking", () => {
  it("stays inert without a DSN: nothing is sent", async () => {
    initServerErrorTracking(undefined);
    const deadDb = createDb("postgresql://postgres@127.0.0.1:1/nothing", { max: 1 });
    const caller = createCaller(createContext({ headers: new Headers(), db: deadDb }));
    await expect(caller.health.ping()).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    await flushErrors(500);
    await new Promise((r) => setTimeout(r, 300));
    expect(envelopes).toHaveLength(0);
    await deadDb.$disconnect().catch(() => undefined);
  });

  it("sends an error thrown in a procedure to Sentry, carrying the request id", async () => {
    initServerErrorTracking(`http://publickey@127.0.0.1:${port}/1`);
    const deadDb = createDb("postgresql://postgres@127.0.0.1:1/nothing", { max: 1 });
    const caller = createCaller(
      createContext({ headers: new Headers({ "x-request-id": "req-sentry-42" }), db: deadDb }),
    );
    await expect(caller.health.ping()).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    await flushErrors(5_000);
    const event = envelopes.find((e) => e.includes('"type":"event"'));
    expect(event).toBeDefined();
    expect(event).toContain("req-sentry-42");
    expect(event).toContain("health.ping");
    await deadDb.$disconnect().catch(() => undefined);
  });
});
