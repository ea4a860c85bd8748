"use client";

import type { LiveViewer } from "~/lib/live";
import { describeView, initials } from "./live-plan";

const SHOWN = 5;

// Text and background pairs that keep 4.5:1 contrast in both schemes.
const TONES = [
  "bg-indigo-100 text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100",
  "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  "bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100",
  "bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100",
];

function tone(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return TONES[hash % TONES.length]!;
}

const avatarClass =
  "flex size-7 items-center justify-center rounded-full text-[11px] font-semibold ring-2 ring-white select-none dark:ring-zinc-950";

/** Initials of the other people here; each names the person and where they are. `view` is this page's. */
export function PresenceAvatars({ viewers, view }: { viewers: LiveViewer[]; view: string }) {
  if (viewers.length === 0) return null;
  const shown = viewers.slice(0, SHOWN);
  const rest = viewers.slice(SHOWN);
  return (
    <ul aria-label="Also here" className="flex items-center -space-x-1.5">
      {shown.map((viewer) => {
        const label = `${viewer.name ?? "Someone"}, ${describeView(viewer.view, view)}`;
        return (
          <li key={viewer.userId}>
            <span role="img" aria-label={label} title={label} className={`${avatarClass} ${tone(viewer.userId)}`}>
              {initials(viewer.name)}
            </span>
          </li>
        );
      })}
      {rest.length > 0 ? (
        <li>
          <span
            role="img"
            aria-label={`${rest.length} more: ${rest.map((v) => v.name ?? "Someone").join(", ")}`}
            title={rest.map((v) => `${v.name ?? "Someone"}, ${describeView(v.view, view)}`).join("\n")}
            className={`${avatarClass} bg-zinc-200 text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100`}
          >
            +{rest.length}
          </span>
        </li>
      ) : null}
    </ul>
  );
}
