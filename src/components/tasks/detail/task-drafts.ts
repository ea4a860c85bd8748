"use client";

import { createContext, useContext } from "react";

export type DraftField = "title" | "description";
/** What the person typed, and the saved text they started from. */
export type Draft = { base: string; value: string };
export type Drafts = Partial<Record<DraftField, Draft>>;

export type TaskDrafts = {
  drafts: Drafts;
  /** Records an edit; an edit back to the text it started from is no draft at all. */
  setDraft: (field: DraftField, value: string | undefined, saved: string) => void;
  /** `value` of `field` was saved: it is no draft any more, unless the person typed on meanwhile. */
  settle: (field: DraftField, value: string) => void;
  /** Someone else changed the task while this page holds unsaved edits; null while it is in step. */
  stale: { by: string } | null;
  /** A save was refused as stale: true when the page keeps the drafts and offers a reload instead. */
  onConflict: () => boolean;
};

const TaskDraftsContext = createContext<TaskDrafts>({
  drafts: {},
  setDraft: () => undefined,
  settle: () => undefined,
  stale: null,
  onConflict: () => false,
});

export const TaskDraftsProvider = TaskDraftsContext.Provider;

export function useTaskDrafts(): TaskDrafts {
  return useContext(TaskDraftsContext);
}

/** The next drafts after an edit of `field` to `value`, from the saved text `saved`. */
export function withDraft(drafts: Drafts, field: DraftField, value: string | undefined, saved: string): Drafts {
  const base = drafts[field]?.base ?? saved;
  const next = { ...drafts };
  if (value === undefined || value === base) delete next[field];
  else next[field] = { base, value };
  return next;
}

/** The next drafts once `value` of `field` is saved. */
export function settledDraft(drafts: Drafts, field: DraftField, value: string): Drafts {
  if (drafts[field]?.value !== value) return drafts;
  const next = { ...drafts };
  delete next[field];
  return next;
}

/** A change to the task seen on the live stream, and the version the page showed when it arrived. */
export type SeenChange = { version: number | null; by: string | null; shown: number };

/** Is the task shown older than what the server has: a newer change seen, or a save refused as stale? */
export function isBehind(shownVersion: number, seen: SeenChange | null, refusedAt: number | null): boolean {
  if (refusedAt === shownVersion) return true;
  if (!seen) return false;
  return seen.version === null ? seen.shown === shownVersion : seen.version > shownVersion;
}

/** Who changed the task under the person's drafts, or null while there is nothing to choose. */
export function changedUnderDrafts(
  drafts: Drafts,
  shownVersion: number,
  seen: SeenChange | null,
  refusedAt: number | null,
): { by: string } | null {
  if (Object.keys(drafts).length === 0 || !isBehind(shownVersion, seen, refusedAt)) return null;
  const byChange = isBehind(shownVersion, seen, null) ? seen?.by : null;
  return { by: byChange ?? "someone else" };
}
