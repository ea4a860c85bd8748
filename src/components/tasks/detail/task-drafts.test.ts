import { describe, expect, it } from "vitest";
import { changedUnderDrafts, isBehind, settledDraft, withDraft, type Drafts } from "./task-drafts";

describe("withDraft and settledDraft", () => {
  it("keeps the text an edit started from, and drops an edit typed back to it", () => {
    let drafts: Drafts = {};
    drafts = withDraft(drafts, "title", "Ship i", "Ship it");
    drafts = withDraft(drafts, "title", "Ship it now", "Ship it (renamed elsewhere)");
    expect(drafts.title).toEqual({ base: "Ship it", value: "Ship it now" });
    expect(withDraft(drafts, "title", "Ship it", "anything")).toEqual({});
    expect(withDraft(drafts, "title", undefined, "Ship it")).toEqual({});
  });

  it("settles a saved draft but not one the person typed on since", () => {
    const drafts: Drafts = { title: { base: "a", value: "b" }, description: { base: "", value: "x" } };
    expect(settledDraft(drafts, "title", "b")).toEqual({ description: { base: "", value: "x" } });
    expect(settledDraft(drafts, "title", "older text")).toBe(drafts);
  });
});

describe("changedUnderDrafts", () => {
  const drafts: Drafts = { title: { base: "a", value: "b" } };
  const seen = { version: 4, by: "Ada Lovelace", shown: 3 };

  it("names who changed the task when a newer version arrives under a draft", () => {
    expect(changedUnderDrafts(drafts, 3, seen, null)).toEqual({ by: "Ada Lovelace" });
  });

  it("says nothing without drafts, or once the page shows that version", () => {
    expect(changedUnderDrafts({}, 3, seen, null)).toBeNull();
    expect(changedUnderDrafts(drafts, 4, seen, null)).toBeNull();
    expect(isBehind(4, seen, null)).toBe(false);
    expect(isBehind(3, seen, null)).toBe(true);
  });

  it("offers a reload when a save was refused as stale, until a newer version shows", () => {
    expect(changedUnderDrafts(drafts, 3, null, 3)).toEqual({ by: "someone else" });
    expect(changedUnderDrafts(drafts, 5, null, 3)).toBeNull();
  });

  it("treats a change without a version as newer until the task is refetched", () => {
    const deleted = { version: null, by: "Grace Hopper", shown: 3 };
    expect(changedUnderDrafts(drafts, 3, deleted, null)).toEqual({ by: "Grace Hopper" });
    expect(isBehind(4, deleted, null)).toBe(false);
  });
});
