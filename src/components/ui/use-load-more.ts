"use client";

import { useCallback, useEffect, useState } from "react";

type PagedQuery = {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
};

/**
 * Loads the next page whenever the returned ref's element (a sentinel after the last row) is within
 * `margin` of the viewport. Whether the sentinel is near is kept as state, so a page that finishes
 * loading (or a refetch that cancelled one) while the sentinel stays near starts the next one; an
 * observer alone only reports changes and would leave the list stuck. After a failed page it waits
 * for the caller's retry.
 */
export function useLoadMore(query: PagedQuery, margin = "800px") {
  const [node, setNode] = useState<HTMLElement | null>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    if (!node) return;
    const observer = new IntersectionObserver((seen) => setNear(seen.some((entry) => entry.isIntersecting)), {
      rootMargin: `${margin} 0px`,
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [node, margin]);

  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = query;
  useEffect(() => {
    if (near && hasNextPage && !isFetchingNextPage && !isFetchNextPageError) void fetchNextPage();
  }, [near, hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  return useCallback((element: HTMLElement | null) => setNode(element), []);
}
