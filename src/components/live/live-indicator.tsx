"use client";

import type { LiveStatus } from "./use-live-project";

const LOOK: Record<LiveStatus, { text: string; dot: string; tone: string }> = {
  connecting: {
    text: "Connecting…",
    dot: "bg-zinc-400 dark:bg-zinc-500",
    tone: "text-zinc-600 dark:text-zinc-400",
  },
  live: {
    text: "Live",
    dot: "bg-emerald-500",
    tone: "text-emerald-800 dark:text-emerald-300",
  },
  reconnecting: {
    text: "Reconnecting…",
    dot: "bg-amber-500 motion-safe:animate-pulse",
    tone: "text-amber-800 dark:text-amber-300",
  },
  ended: {
    text: "Not live",
    dot: "bg-zinc-400 dark:bg-zinc-500",
    tone: "text-zinc-600 dark:text-zinc-400",
  },
};

/** Whether other people's changes reach this page as they happen; announced politely when it changes. */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  const look = LOOK[status];
  return (
    <span
      role="status"
      data-testid="live-status"
      data-status={status}
      className={`inline-flex items-center gap-1.5 rounded-full border border-zinc-200 px-2 py-0.5 text-xs font-medium dark:border-zinc-800 ${look.tone}`}
    >
      <span aria-hidden className={`size-2 shrink-0 rounded-full ${look.dot}`} />
      {look.text}
    </span>
  );
}
