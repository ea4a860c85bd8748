"use client";

import Link from "next/link";
import { formatDate, priorityLabel } from "~/lib/task-meta";
import type { RouterOutputs } from "~/trpc/react";

export type Card = RouterOutputs["task"]["list"]["items"][number];

// One task on the board; the drag handle, when the person may move it, comes from the board.
export function CardView({
  card,
  slug,
  overlay = false,
  handle = null,
}: {
  card: Card;
  slug: string;
  overlay?: boolean;
  handle?: React.ReactNode;
}) {
  return (
    <div
      className={`rounded-md border border-zinc-200 bg-white p-2.5 text-sm shadow-xs dark:border-zinc-700 dark:bg-zinc-800 ${overlay ? "shadow-lg" : ""}`}
    >
      <div className="flex items-center justify-between text-xs text-zinc-600 dark:text-zinc-400">
        <span className="flex items-center gap-1">
          {handle}
          <span className="font-mono">{card.ref}</span>
        </span>
        {card.priority !== "NONE" ? <span>{priorityLabel(card.priority)}</span> : null}
      </div>
      <Link
        href={`/w/${slug}/t/${card.ref}`}
        className="mt-1 block font-medium hover:underline"
        onPointerDown={(e) => e.stopPropagation()}
      >
        {card.title}
      </Link>
      <div className="mt-1.5 flex flex-wrap items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        {card.labels.map((l) => (
          <span key={l.id} className="rounded-full border px-1.5" style={{ borderColor: l.color }}>
            {l.name}
          </span>
        ))}
        {card.dueDate ? <span>{formatDate(card.dueDate)}</span> : null}
        {card.assignee ? <span className="ml-auto">{card.assignee.name}</span> : null}
      </div>
    </div>
  );
}
