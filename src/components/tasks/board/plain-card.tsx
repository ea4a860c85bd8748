"use client";

import { memo } from "react";
import { statusLabel } from "~/lib/task-meta";
import { CardView, type Card } from "./card-view";
import type { CardComponent } from "./column";

export const handleClass =
  "-ml-1 cursor-grab rounded px-1 text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-400 dark:hover:bg-zinc-700";

export const handleLabel = (card: Card) => `Move ${card.ref} ${card.title}, now ${statusLabel(card.status)}`;

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
          handle={
            canEdit ? (
              <button
                type="button"
                data-drag-handle={card.id}
                aria-roledescription="draggable task"
                aria-label={handleLabel(card)}
                className={handleClass}
              >
                ⠿
              </button>
            ) : null
          }
        />
      </div>
    </li>
  );
});
