import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseUtc } from "~/server/db";
import { NativeDate } from "./native-date";

describe("NativeDate", () => {
  it("stays the runtime's Date once Next has wrapped the global one, and makes real Dates", () => {
    const original = Date;
    createRequire(import.meta.url)("next/dist/server/node-environment-extensions/date.js");
    try {
      expect(Date).not.toBe(original);
      expect(NativeDate).toBe(original);
      const at = parseUtc("2026-11-30 10:00:00.123456");
      expect(at).toBeInstanceOf(Date);
      expect(Object.getPrototypeOf(at)).toBe(Date.prototype);
      expect(z.date().parse(at)).toBe(at);
      expect(at.toISOString()).toBe("2026-11-30T10:00:00.123Z");
      expect(parseUtc("2026-01-02 03:04:05").toISOString()).toBe("2026-01-02T03:04:05.000Z");
    } finally {
      globalThis.Date = original;
      Object.defineProperty(original.prototype, "constructor", { value: original });
    }
  });
});
