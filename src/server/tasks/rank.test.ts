import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidRank, rankBetween, spreadRanks } from "./rank";

describe("rankBetween", () => {
  it("orders a rank strictly between its neighbours", () => {
    expect(rankBetween(null, null)).toBe("i");
    expect(rankBetween("a", "b") > "a").toBe(true);
    expect(rankBetween("a", "b") < "b").toBe(true);
    expect(rankBetween("az", "b")).toMatch(/^az/);
  });

  it("rejects neighbours out of order or malformed", () => {
    expect(() => rankBetween("b", "a")).toThrow(RangeError);
    expect(() => rankBetween("a", "a")).toThrow(RangeError);
    expect(() => rankBetween("A", null)).toThrow(RangeError);
    expect(() => rankBetween("a0", null)).toThrow(RangeError);
  });

  it("always finds room between any two valid ranks", () => {
    const rank = fc.stringMatching(/^[0-9a-z]{0,6}[1-9a-z]$/);
    fc.assert(
      fc.property(fc.option(rank, { nil: null }), fc.option(rank, { nil: null }), (a, b) => {
        if (a !== null && b !== null && a >= b) [a, b] = [b, a];
        fc.pre(a === null || b === null || a < b);
        const mid = rankBetween(a, b);
        expect(isValidRank(mid)).toBe(true);
        if (a !== null) expect(mid > a).toBe(true);
        if (b !== null) expect(mid < b).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps ranks short under repeated inserts at the front and at the end", () => {
    let first: string | null = null;
    let last: string | null = null;
    for (let i = 0; i < 100_000; i++) {
      const nextFirst = rankBetween(null, first);
      const nextLast = rankBetween(last, null);
      if (first !== null) expect(nextFirst < first).toBe(true);
      if (last !== null) expect(nextLast > last).toBe(true);
      [first, last] = [nextFirst, nextLast];
    }
    expect(isValidRank(first!) && isValidRank(last!)).toBe(true);
    // Halving the room left each time would have passed the 512-character cap after 2 561 tasks.
    expect(first!.length).toBeLessThanOrEqual(6);
    expect(last!.length).toBeLessThanOrEqual(6);
  });

  it("takes a step past ranks that already run long", () => {
    expect(rankBetween("zzzzzz", null)).toBe("zzzzzz001");
    expect(rankBetween("zzzzzzz5", null)).toBe("zzzzzzz501");
    expect(rankBetween("zzy", null)).toBe("zzy01");
    expect(rankBetween("zzyzz", null)).toBe("zzz");
    expect(rankBetween(null, "000001")).toBe("000000zz");
    expect(rankBetween(null, "00000k")).toBe("00000jzz");
    expect(rankBetween(null, "0000k7a1")).toBe("0000k7a");
  });

  it("spreads ranks in strictly increasing order", () => {
    for (const count of [1, 2, 35, 36, 100, 5000]) {
      const ranks = spreadRanks(count);
      expect(ranks).toHaveLength(count);
      for (let i = 1; i < ranks.length; i++) expect(ranks[i]! > ranks[i - 1]!).toBe(true);
      expect(ranks.every(isValidRank)).toBe(true);
    }
  });
});
