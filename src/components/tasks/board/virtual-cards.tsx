"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type ReactNode } from "react";
import type { ColumnProps } from "./column";
import { listClass } from "./columns";

const ESTIMATED_CARD = 88;
const GAP = 8;

// A long column scrolls on its own and renders the cards in view plus a few either side; spacers
// above and below keep the scroll height, so sortable transforms on the cards work as in a short
// column. Scrolling near the end loads the column's next page.
export function VirtualCards(props: ColumnProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const { ids, pinnedId, hasMore, fetchingMore, onMore } = props;
  const pinnedIndex = pinnedId ? ids.indexOf(pinnedId) : -1;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser re-renders this component itself
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_CARD + GAP,
    getItemKey: (index) => ids[index]!,
    overscan: 6,
    // The dragged card stays mounted while it is scrolled out of view, so the drag keeps its source.
    rangeExtractor: (range) => {
      const indexes: number[] = [];
      for (let i = range.startIndex - range.overscan; i <= range.endIndex + range.overscan; i++) {
        if (i >= 0 && i < range.count) indexes.push(i);
      }
      if (pinnedIndex >= 0 && !indexes.includes(pinnedIndex)) {
        indexes.push(pinnedIndex);
        indexes.sort((a, b) => a - b);
      }
      return indexes;
    },
  });
  const rows = virtualizer.getVirtualItems();
  const last = rows[rows.length - 1];

  useEffect(() => {
    if (hasMore && !fetchingMore && last && last.index >= ids.length - 10) onMore();
  }, [hasMore, fetchingMore, last, ids.length, onMore]);

  // Spacers stand in for the cards not rendered: before the first row, between rows apart (the
  // pinned card far from the view), and after the last.
  const total = virtualizer.getTotalSize();
  const items: ReactNode[] = [];
  let offset = 0;
  for (const row of rows) {
    if (row.start > offset)
      items.push(<li key={`gap-${row.index}`} aria-hidden style={{ height: row.start - offset }} />);
    const card = props.cards.get(ids[row.index]!);
    items.push(
      card ? (
        <props.Card
          key={row.key}
          card={card}
          slug={props.slug}
          canEdit={props.canEdit}
          index={row.index}
          measure={virtualizer.measureElement}
        />
      ) : (
        <li
          key={row.key}
          aria-hidden
          data-index={row.index}
          ref={virtualizer.measureElement}
          style={{ height: row.size }}
        />
      ),
    );
    offset = row.end;
  }
  if (total > offset) items.push(<li key="gap-end" aria-hidden style={{ height: total - offset }} />);

  return (
    <div
      ref={scroller}
      className="max-h-[calc(100dvh-12rem)] min-h-24 overflow-y-auto overscroll-contain"
      data-testid={`column-scroller-${props.status}`}
    >
      <ul ref={props.dropTarget} className={listClass}>
        {items}
      </ul>
    </div>
  );
}
