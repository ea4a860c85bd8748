import net, { type AddressInfo, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { createDb } from "~/server/db";
import { createCaller } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { TRPCError } from "@trpc/server";

describe("a database that is down", () => {
  it("gives SERVICE_UNAVAILABLE with a clear message within seconds, not a hang", async () => {
    // Port 1 on loopback refuses connections at once.
    const deadDb = createDb("postgresql://postgres@127.0.0.1:1/nothing", { max: 1 });
    const caller = createCaller(createContext({ headers: new Headers(), db: deadDb }));
    const started = Date.now();
    const error = await caller.health.ping().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("SERVICE_UNAVAILABLE");
    expect((error as TRPCError).message).toBe("The database is unavailable. Try again shortly.");
    expect(Date.now() - started).toBeLessThan(10_000);
    await deadDb.$disconnect();
  });

  it("times out connecting to a server that never answers", async () => {
    // A listener that accepts and then says nothing, like a hung database.
    const sockets: Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const deadDb = createDb(`postgresql://postgres@127.0.0.1:${port}/nothing`, { max: 1 });
    const caller = createCaller(createContext({ headers: new Headers(), db: deadDb }));
    const started = Date.now();
    const error = await caller.health.ping().then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as TRPCError).code).toBe("SERVICE_UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(8_000);
    await deadDb.$disconnect().catch(() => undefined);
    for (const socket of sockets) socket.destroy();
    server.close();
  });
});
