import { describe, expect, it } from "vitest";
import { requestIdFrom } from "./request-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("requestIdFrom", () => {
  it("keeps a well-formed id", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "trace-abc.1:2_3" }))).toBe("trace-abc.1:2_3");
    expect(requestIdFrom(new Headers({ "x-request-id": "a".repeat(128) }))).toBe("a".repeat(128));
  });

  it("makes a fresh one when the header is missing, too long, or carries other characters", () => {
    for (const value of [undefined, "", "a".repeat(129), "not ok\tid", "a b", "id;drop", "ü"]) {
      const headers = new Headers(value === undefined ? {} : { "x-request-id": value });
      expect(requestIdFrom(headers), String(value)).toMatch(UUID);
    }
  });
});
