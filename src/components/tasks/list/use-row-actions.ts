"use client";

import { useRouter } from "next/navigation";
import { useMemo, useRef, useState } from "react";
import type { PickerKind, RowAction } from "./keys";
import { extendSelection, keepPresent, toggled } from "./selection";

type Options = {
  /** The task ids in the order shown. */
  order: string[];
  canEdit: boolean;
  /** The task page of a row. */
  hrefOf: (id: string) => string | null;
  /** Moves focus to a row (bringing it into view first when it is not rendered). */
  focusRow: (id: string) => void;
  /** Runs before a row's picker opens (a long list scrolls the row into view). */
  beforePicker?: (id: string) => void;
};

/**
 * What a list of task rows remembers between keys and clicks: the selection (with its shift-range
 * anchor), the open picker and the title being renamed; and what each row key does.
 */
export function useRowActions({ order, canEdit, hrefOf, focusRow, beforePicker }: Options) {
  const router = useRouter();
  const [selectedRaw, setSelected] = useState<Set<string>>(new Set());
  const selected = useMemo(() => keepPresent(selectedRaw, new Set(order)), [selectedRaw, order]);
  const anchor = useRef<string | null>(null);
  const extent = useRef<string | null>(null);
  const [openPicker, setOpenPicker] = useState<{ id: string; kind: PickerKind } | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);

  const select = (id: string, range: boolean) => {
    if (range && anchor.current) {
      const from = extent.current ?? anchor.current;
      setSelected((s) => extendSelection(keepPresent(s, new Set(order)), order, anchor.current!, from, id));
      extent.current = id;
      return;
    }
    setSelected((s) => toggled(s, id));
    anchor.current = id;
    extent.current = id;
  };

  const run = (id: string, action: RowAction): boolean => {
    if (!order.includes(id)) return false;
    switch (action.kind) {
      case "picker":
        if (!canEdit) return false;
        beforePicker?.(id);
        setOpenPicker({ id, kind: action.picker });
        return true;
      case "open": {
        const href = hrefOf(id);
        if (href) router.push(href);
        return !!href;
      }
      case "toggle":
        if (!canEdit) return false;
        select(id, false);
        return true;
      case "rename":
        if (!canEdit) return false;
        setEditingId(id);
        return true;
      case "clear":
        if (selected.size === 0) return false;
        setSelected(new Set());
        return true;
      case "move": {
        const next = order[order.indexOf(id) + action.by];
        if (!next) return true;
        if (action.extend && canEdit) {
          anchor.current ??= id;
          const from = extent.current && selected.has(extent.current) ? extent.current : id;
          setSelected((s) => extendSelection(s, order, anchor.current!, from, next));
          extent.current = next;
        } else if (!action.extend) {
          anchor.current = null;
          extent.current = null;
        }
        focusRow(next);
        return true;
      }
    }
  };

  return {
    selected,
    clearSelection: () => setSelected(new Set()),
    select,
    run,
    openPicker,
    setOpenPicker: (id: string, kind: PickerKind | null) => setOpenPicker(kind ? { id, kind } : null),
    editingId,
    stopEditing: () => setEditingId(null),
  };
}
