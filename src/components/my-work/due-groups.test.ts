import { describe, expect, it } from "vitest";
import { dueGroupOf, endOfWeek, localDay } from "./due-groups";

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe("due groups", () => {
  it("ends the week on Sunday, Monday-first", () => {
    expect(endOfWeek("2026-12-07")).toBe("2026-12-13"); // a Monday
    expect(endOfWeek("2026-12-10")).toBe("2026-12-13");
    expect(endOfWeek("2026-12-13")).toBe("2026-12-13"); // the Sunday itself
    expect(endOfWeek("2026-12-30")).toBe("2027-01-03");
  });

  it("sorts a due date against the viewer's day", () => {
    const today = "2026-12-10";
    expect(dueGroupOf(day("2026-12-09"), today)).toBe("overdue");
    expect(dueGroupOf(day("2026-12-10"), today)).toBe("today");
    expect(dueGroupOf(day("2026-12-13"), today)).toBe("week");
    expect(dueGroupOf(day("2026-12-14"), today)).toBe("later");
    expect(dueGroupOf(null, today)).toBe("none");
  });

  it("takes today from the local clock, not UTC", () => {
    // 23:30 local on the 10th is already the 11th in UTC for anyone west of Greenwich, and the other
    // way round east of it; the local day must come out whatever the zone.
    const late = new Date(2026, 11, 10, 23, 30);
    const early = new Date(2026, 11, 10, 0, 30);
    expect(localDay(late)).toBe("2026-12-10");
    expect(localDay(early)).toBe("2026-12-10");
  });
});
