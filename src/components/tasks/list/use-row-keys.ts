"use client";

import { useEffect, useRef } from "react";
import { isTyping } from "~/components/shell/is-typing";
import { rowKeyAction, type RowAction } from "./keys";

type Options = {
  /** The list element the rows live in. */
  list: React.RefObject<HTMLElement | null>;
  /** Runs a key's action on a row; answers false when the action does not apply there. */
  run: (id: string, action: RowAction) => boolean;
  /** Escape with no row focused or hovered. */
  onEscape: () => void;
};

/**
 * Single-key shortcuts for the task rows of a list or the cards of a board: the row with focus in it,
 * else the one under the pointer. `hover(id)` is given to the rows; keys typed into a field, pressed
 * in a dialog or with Ctrl/⌘/Alt are left alone.
 */
export function useRowKeys({ list, run, onEscape }: Options) {
  const hovered = useRef<string | null>(null);
  const runRef = useRef(run);
  const escapeRef = useRef(onEscape);
  useEffect(() => {
    runRef.current = run;
    escapeRef.current = onEscape;
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest("[role=dialog], [role=alertdialog]")) return;
      const active = document.activeElement;
      const focusedRow = active?.closest<HTMLElement>("[data-task-id]");
      const inList = focusedRow && list.current?.contains(focusedRow);
      const row = inList
        ? focusedRow
        : hovered.current
          ? list.current?.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(hovered.current)}"]`)
          : null;
      if (!row) {
        if (e.key === "Escape" && !e.metaKey && !e.ctrlKey && !e.altKey) escapeRef.current();
        return;
      }
      const action = rowKeyAction(e, { focused: !!inList, onRow: active === row });
      if (action && runRef.current(row.dataset.taskId!, action)) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [list]);

  return { hover: (id: string | null) => void (hovered.current = id) };
}
