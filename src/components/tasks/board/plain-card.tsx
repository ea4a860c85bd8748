"use client";

import { memo, type ComponentPropsWithRef } from "react";
import { statusLabel } from "~/lib/task-meta";
import { CardView, type Card } from "./card-view";
import type { CardComponent } from "./column";

const handleClass =
  "-ml-1 cursor-grab rounded px-1 text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-400 dark:hover:bg-zinc-700";

/** A card's drag handle: the plain card's stand-in and the sortable card's activator are this button. */
export function DragHandle({ card, ...props }: { card: Card } & ComponentPropsWithRef<"button">) {
  return (
    <button
      type="button"
      {...props}
      aria-roledescription="draggable task"
      aria-label={`Move ${card.ref} ${card.title}, now ${statusLabel(card.status)}`}
      className={handleClass}
    >
      ⠿
    </button>
  );
}

// A card as the board first renders it, before drag and drop has loaded: the same markup as the
// sortable card, whose handle the board watches to load drag and drop and pass the press on. A card
// whose task did not change is not rendered again.
export const PlainCard: CardComponent = memo(function PlainCard({ card, slug, canEdit, measure, index }) {
  return (
    <li
      ref={measure}
      data-index={index}
      className={index === undefined ? undefined : "pb-2"}
      data-testid="board-card"
      data-task-ref={card.ref}
    >
      <div>
        <CardView
          card={card}
          slug={slug}
          handle={canEdit ? <DragHandle card={card} data-drag-handle={card.id} /> : null}
        />
      </div>
    </li>
  );
});
