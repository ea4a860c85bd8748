import { afterEach, describe, expect, it } from "vitest";
import { runAfterResponse, setResponseScheduler } from "./after-response";

afterEach(() => setResponseScheduler(null));

describe("runAfterResponse", () => {
  it("starts the work at once without a scheduler", () => {
    const ran: string[] = [];
    runAfterResponse(() => Promise.resolve(void ran.push("sent")));
    expect(ran).toEqual(["sent"]);
  });

  it("hands the work to the scheduler, which runs it later", async () => {
    const ran: string[] = [];
    const queued: (() => Promise<unknown>)[] = [];
    setResponseScheduler((task) => void queued.push(task));
    runAfterResponse(() => Promise.resolve(void ran.push("sent")));
    expect(ran).toEqual([]);
    await queued[0]!();
    expect(ran).toEqual(["sent"]);
  });

  it("starts the work at once when the scheduler refuses (outside a request)", () => {
    const ran: string[] = [];
    setResponseScheduler(() => {
      throw new Error("`after` was called outside a request scope");
    });
    runAfterResponse(() => Promise.resolve(void ran.push("sent")));
    expect(ran).toEqual(["sent"]);
  });
});
