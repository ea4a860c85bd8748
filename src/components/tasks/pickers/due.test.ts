import { describe, expect, it } from "vitest";
import { dueChoices, dueLabel, isOverdue, today } from "./due";

// A Wednesday afternoon, local time.
const now = new Date(2026, 2, 4, 15, 30);

describe("due dates", () => {
  it("counts days from midnight UTC of the local calendar day", () => {
    expect(today(now).toISOString()).toBe("2026-03-04T00:00:00.000Z");
  });

  it("offers today, tomorrow, next Monday and none", () => {
    expect(dueChoices(now).map((c) => [c.label, c.date?.toISOString() ?? null])).toEqual([
      ["Today", "2026-03-04T00:00:00.000Z"],
      ["Tomorrow", "2026-03-05T00:00:00.000Z"],
      ["Next week", "2026-03-09T00:00:00.000Z"],
      ["No due date", null],
    ]);
    // On a Monday, next week is the Monday after.
    expect(dueChoices(new Date(2026, 2, 9, 9))[2]!.date!.toISOString()).toBe("2026-03-16T00:00:00.000Z");
  });

  it("is overdue only before today and while not done", () => {
    expect(isOverdue(new Date("2026-03-03T00:00:00Z"), false, now)).toBe(true);
    expect(isOverdue(new Date("2026-03-04T00:00:00Z"), false, now)).toBe(false);
    expect(isOverdue(new Date("2026-03-03T00:00:00Z"), true, now)).toBe(false);
    expect(isOverdue(null, false, now)).toBe(false);
  });

  it("names near days in words and others by date", () => {
    expect(dueLabel(new Date("2026-03-05T00:00:00Z"), now)).toBe("Tomorrow");
    expect(dueLabel(new Date("2026-03-03T00:00:00Z"), now)).toBe("Yesterday");
    expect(dueLabel(new Date("2026-04-10T00:00:00Z"), now)).toBe("Apr 10");
    expect(dueLabel(new Date("2027-01-02T00:00:00Z"), now)).toBe("Jan 2, 2027");
    expect(dueLabel(null, now)).toBe("No due date");
  });
});
