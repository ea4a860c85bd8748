import { describe, expect, it } from "vitest";
import { describeNotification, relativeTime } from "./describe";

const ada = { name: "Ada Lovelace", email: "ada@example.com" };
const line = (kind: Parameters<typeof describeNotification>[0]["kind"], detail: string | null = null) =>
  describeNotification({ kind, detail, commentId: null, actor: ada });

describe("describeNotification", () => {
  it("says who did what", () => {
    expect(line("ASSIGNED")).toBe("Ada Lovelace assigned you");
    expect(line("MENTIONED")).toBe("Ada Lovelace mentioned you");
    expect(describeNotification({ kind: "MENTIONED", detail: null, commentId: "c1", actor: ada })).toBe(
      "Ada Lovelace mentioned you in a comment",
    );
    expect(line("COMMENTED")).toBe("Ada Lovelace commented");
    expect(line("STATUS_CHANGED", "DONE")).toBe("Ada Lovelace changed the status to Done");
    expect(line("STATUS_CHANGED", "IN_REVIEW")).toBe("Ada Lovelace changed the status to In review");
  });

  it("names someone without a name by email, and nobody as someone", () => {
    expect(
      describeNotification({
        kind: "COMMENTED",
        detail: null,
        commentId: null,
        actor: { name: null, email: "b@x.io" },
      }),
    ).toBe("b@x.io commented");
    expect(describeNotification({ kind: "ASSIGNED", detail: null, commentId: null, actor: null })).toBe(
      "Someone assigned you",
    );
  });

  it("says when a task is due", () => {
    expect(line("DUE", "today")).toBe("Due today");
    expect(line("DUE", "tomorrow")).toBe("Due tomorrow");
    expect(line("DUE", "overdue")).toBe("Overdue");
  });
});

describe("relativeTime", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  const ago = (seconds: number) => relativeTime(new Date(now.getTime() - seconds * 1000), now);
  it("rounds to the largest unit", () => {
    expect(ago(10)).toBe("just now");
    expect(ago(5 * 60)).toBe("5 minutes ago");
    expect(ago(3 * 3600)).toBe("3 hours ago");
    expect(ago(24 * 3600)).toBe("yesterday");
    expect(ago(14 * 24 * 3600)).toBe("2 weeks ago");
  });
});
