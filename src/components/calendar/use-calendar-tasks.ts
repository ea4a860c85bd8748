"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { api, type RouterOutputs } from "~/trpc/react";
import { dateOf } from "./calendar-math";

export type CalendarTask = RouterOutputs["task"]["list"]["items"][number];

// The tasks due in the visible days (every page of them) and the first pages of those without a due date.
export function useCalendarTasks(projectId: string, start: string, end: string) {
  const dated = api.task.list.useInfiniteQuery(
    { projectId, dueAfter: dateOf(start), dueBefore: dateOf(end), sort: "dueDate", limit: 100 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: keepPreviousData },
  );
  const undated = api.task.list.useInfiniteQuery(
    { projectId, noDueDate: true, sort: "dueDate", limit: 50 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );

  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = dated;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage]);

  const datedItems = useMemo(() => dated.data?.pages.flatMap((p) => p.items) ?? [], [dated.data]);
  const undatedItems = useMemo(() => undated.data?.pages.flatMap((p) => p.items) ?? [], [undated.data]);
  return { dated, undated, datedItems, undatedItems };
}
