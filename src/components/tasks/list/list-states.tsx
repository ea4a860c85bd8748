"use client";

import type { ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { describeError } from "~/lib/errors";

// The states a list of task rows shows around its rows (a project's list, My work).

export function RowsSkeleton({ label }: { label: string }) {
  return (
    <ul aria-busy="true" aria-label={label} className="space-y-1">
      {Array.from({ length: 8 }, (_, i) => (
        <li key={i} className="h-11 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-900" />
      ))}
    </ul>
  );
}

export function RowsError({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  return (
    <div role="alert" className="rounded-md border border-rose-300 p-4 text-sm dark:border-rose-800">
      <p>
        Could not load {what}: {describeError(error)}
      </p>
      <Button className="mt-2" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}

export function RowsEmpty({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-zinc-300 p-10 text-center dark:border-zinc-700">
      <p className="font-medium">{title}</p>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{children}</p>
    </div>
  );
}

type Paged = {
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  hasNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
};

/** After the rows: loading, a retry for a page that failed, a button for more, or the count when all are in. */
export function PagingStatus({ query, count, more }: { query: Paged; count: number; more?: boolean }) {
  if (query.isFetchingNextPage) return "Loading more…";
  if (query.isFetchNextPageError)
    return (
      <>
        Couldn’t load more tasks.{" "}
        <Button variant="ghost" onClick={() => void query.fetchNextPage()}>
          Retry
        </Button>
      </>
    );
  if (query.hasNextPage)
    return more ? (
      <Button variant="ghost" onClick={() => void query.fetchNextPage()}>
        Load more
      </Button>
    ) : null;
  return `${count} task${count === 1 ? "" : "s"}`;
}
