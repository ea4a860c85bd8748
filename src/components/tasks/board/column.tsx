"use client";

import dynamic from "next/dynamic";
import type { ComponentType, ReactNode } from "react";
import type { TaskStatus } from "~/generated/prisma/enums";
import { Button } from "~/components/ui/button";
import type { Card } from "./card-view";
import { listClass, VIRTUAL_FROM } from "./columns";

/** How a column shows one card: a plain card, or (once drag and drop has loaded) a sortable one. */
export type CardComponent = ComponentType<{
  card: Card;
  slug: string;
  canEdit: boolean;
  /** In a long column, the virtualiser measures the card's row through this ref. */
  measure?: (node: HTMLElement | null) => void;
  index?: number;
}>;

export type ColumnData = {
  status: TaskStatus;
  label: string;
  dot: string;
  ids: string[];
  cards: Map<string, Card>;
  loading: boolean;
  hasMore: boolean;
  fetchingMore: boolean;
  onMore: () => void;
  canEdit: boolean;
  slug: string;
  /** A card that stays rendered however far the column scrolls (the one being dragged). */
  pinnedId: string | null;
};

export type ColumnProps = ColumnData & {
  Card: CardComponent;
  /** The drop target's ref and highlight, and the sortable context around the cards, from drag and drop. */
  dropTarget?: (node: HTMLElement | null) => void;
  highlighted?: boolean;
  wrapCards?: (cards: ReactNode) => ReactNode;
};

// The virtualiser loads with the first long column, not with every board.
const VirtualCards = dynamic(() => import("./virtual-cards").then((m) => m.VirtualCards));

// One column of the board: 85% of a phone's width (the board snaps to columns), a fixed width above.
export function Column(props: ColumnProps) {
  const { status, label, dot, ids, cards, loading, hasMore, fetchingMore, onMore, canEdit, slug } = props;
  const { Card, dropTarget, highlighted, wrapCards } = props;
  const long = ids.length > VIRTUAL_FROM;
  const wrap = wrapCards ?? ((list: ReactNode) => list);
  return (
    <section
      aria-labelledby={`column-${status}`}
      data-testid={`column-${status}`}
      className={`flex w-[85vw] shrink-0 snap-start flex-col rounded-lg bg-zinc-100 p-2 sm:w-72 dark:bg-zinc-900 ${highlighted ? "ring-2 ring-indigo-400" : ""}`}
    >
      <h2 id={`column-${status}`} className="mb-2 flex items-center gap-2 px-1 text-sm font-semibold">
        <span className={`size-2.5 rounded-full ${dot}`} aria-hidden />
        {label}
        <span className="font-normal text-zinc-600 dark:text-zinc-400">{loading ? "" : ids.length}</span>
      </h2>
      {long ? (
        wrap(<VirtualCards {...props} />)
      ) : (
        <ul ref={dropTarget} className={`${listClass} gap-2`}>
          {wrap(
            <>
              {loading
                ? Array.from({ length: 3 }, (_, i) => (
                    <li key={i} className="h-16 animate-pulse rounded-md bg-white dark:bg-zinc-800" />
                  ))
                : ids.map((id) => {
                    const card = cards.get(id);
                    return card ? <Card key={id} card={card} slug={slug} canEdit={canEdit} /> : null;
                  })}
              {!loading && ids.length === 0 ? (
                <li className="rounded-md border border-dashed border-zinc-300 p-3 text-center text-xs text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
                  No tasks
                </li>
              ) : null}
            </>,
          )}
        </ul>
      )}
      {hasMore ? (
        <Button variant="ghost" className="mt-2" onClick={onMore} disabled={fetchingMore}>
          {fetchingMore ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </section>
  );
}
