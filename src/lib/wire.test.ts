import fc from "fast-check";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serialize, stringify } from "./wire";

// Values of the kinds the API answers with, nested, with awkward keys.
const key = fc.oneof(fc.string(), fc.constantFrom("a.b", "a\\.b", "\\", ".", "0", "constructor", "items"));
const leaf = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.date({ noInvalidDate: true }),
);
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: "small" }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("tree"), { maxLength: 6 }),
  object: fc.dictionary(key, tie("tree"), { maxKeys: 6 }),
}));

const roundTrip = (value: unknown) => superjson.deserialize(JSON.parse(JSON.stringify(serialize(value))) as never);

describe("wire.serialize", () => {
  it("reads back through superjson exactly as superjson's own output does", () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(tree), fc.dictionary(key, tree)), (value) => {
        let expected: unknown;
        try {
          expected = superjson.deserialize(superjson.serialize(value));
        } catch (error) {
          // superjson refuses some keys ("constructor"…); so must this, with the same message.
          expect(() => serialize(value)).toThrow((error as Error).message);
          return;
        }
        expect(roundTrip(value)).toEqual(expected);
        expect(roundTrip(value)).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it("writes a page of tasks in superjson's format, Dates and undefineds recorded by path", () => {
    const at = new Date("2026-11-29T10:00:00.000Z");
    const page = { items: [{ id: "a", dueDate: at, completedAt: null, "x.y": at, note: undefined }], nextCursor: null };
    expect(serialize(page)).toEqual({
      json: {
        items: [{ id: "a", dueDate: at.toISOString(), completedAt: null, "x.y": at.toISOString(), note: null }],
        nextCursor: null,
      },
      meta: { values: { "items.0.dueDate": ["Date"], "items.0.x\\.y": ["Date"], "items.0.note": ["undefined"] }, v: 1 },
    });
    expect(serialize({ plain: [1, "two", true] })).toEqual({ json: { plain: [1, "two", true] } });
    expect(stringify(page)).toBe(JSON.stringify(serialize(page)));
  });

  it("leaves every other kind of value to superjson, which round-trips it", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    class Point {
      constructor(readonly x: number) {}
    }
    for (const value of [
      { map: new Map([["k", 1]]) },
      { set: new Set([1, 2]) },
      { big: 10n },
      { nan: NaN, inf: Infinity, negZero: -0 },
      { bad: new Date("nope") },
      new Date(0),
      undefined,
      { point: new Point(1) },
      { regex: /a+/g },
    ]) {
      expect(serialize(value)).toEqual(superjson.serialize(value));
    }
    expect(serialize(cyclic)).toEqual(superjson.serialize(cyclic));
    const hostile = JSON.parse('{"a": {"__proto__": {"polluted": true}}}') as unknown;
    expect(() => serialize(hostile)).toThrow(/prototype pollution/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
