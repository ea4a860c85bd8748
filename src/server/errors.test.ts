import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "~/server/errors";

describe("isDatabaseUnavailable", () => {
  it("recognises an unreachable server, however deep the cause", () => {
    expect(isDatabaseUnavailable({ code: "ECONNREFUSED" })).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: { kind: "DatabaseNotReachable" } }))).toBe(true);
    expect(
      isDatabaseUnavailable({ meta: { driverAdapterError: { message: "Connection terminated unexpectedly" } } }),
    ).toBe(true);
  });

  it("treats a transaction that found no free connection in time as saturation, not a bug", () => {
    expect(isDatabaseUnavailable({ code: "P2028", message: "Unable to start a transaction in the given time." })).toBe(
      true,
    );
  });

  it("leaves real errors alone", () => {
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "P2002" })).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
