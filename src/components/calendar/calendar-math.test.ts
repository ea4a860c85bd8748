import { describe, expect, it } from "vitest";
import { addDays, addMonths, parseDay, rangeTitle, startOfWeek, step, visibleRange } from "./calendar-math";

describe("calendar math", () => {
  it("reads only real days", () => {
    expect(parseDay("2026-12-07")).toBe("2026-12-07");
    expect(parseDay("2026-02-30")).toBeNull();
    expect(parseDay("2026-12-7")).toBeNull();
    expect(parseDay("yesterday")).toBeNull();
    expect(parseDay(null)).toBeNull();
  });

  it("starts weeks on Monday and crosses months and years", () => {
    expect(startOfWeek("2026-12-07")).toBe("2026-12-07");
    expect(startOfWeek("2026-12-13")).toBe("2026-12-07");
    expect(startOfWeek("2027-01-01")).toBe("2026-12-28");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-01");
  });

  it("shows a month as whole Monday-first weeks", () => {
    const { start, end, weeks } = visibleRange("month", "2026-12-15");
    expect(start).toBe("2026-11-30");
    expect(end).toBe("2027-01-04");
    expect(weeks).toHaveLength(5);
    expect(weeks.every((week) => week.length === 7)).toBe(true);
    expect(weeks[4]![6]).toBe("2027-01-03");
    // February 2027 starts on a Monday and ends on a Sunday: exactly four weeks.
    expect(visibleRange("month", "2027-02-10").weeks).toHaveLength(4);
  });

  it("shows a week from Monday to Sunday and steps by it", () => {
    expect(visibleRange("week", "2026-12-10")).toMatchObject({ start: "2026-12-07", end: "2026-12-14" });
    expect(step("week", "2026-12-10", 1)).toBe("2026-12-14");
    expect(step("week", "2026-12-10", -1)).toBe("2026-11-30");
    expect(step("month", "2026-12-10", 1)).toBe("2027-01-01");
  });

  it("titles the range", () => {
    expect(rangeTitle("month", "2026-12-10")).toBe("December 2026");
    expect(rangeTitle("week", "2026-12-10")).toBe("Dec 7 – Dec 13, 2026");
    expect(rangeTitle("week", "2026-12-30")).toBe("Dec 28, 2026 – Jan 3, 2027");
  });
});
