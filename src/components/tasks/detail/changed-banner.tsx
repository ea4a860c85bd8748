"use client";

import { Button } from "~/components/ui/button";

/** Someone else changed the task under the person's unsaved edits: their draft stays until they reload. */
export function ChangedBanner({ by, onReload }: { by: string; onReload: () => void }) {
  return (
    <div
      role="alert"
      className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-zinc-900 dark:border-amber-800 dark:bg-amber-950 dark:text-zinc-100"
    >
      <span className="font-medium">Changed by {by} —</span>
      <Button onClick={onReload}>Reload</Button>
      <span className="text-zinc-700 dark:text-zinc-300">
        Reloading shows their version and discards your unsaved edits.
      </span>
    </div>
  );
}
