"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

// The shared task mutations refresh the project's lists; a view across projects listens for any task
// write that succeeded and refreshes itself too.
export function useRefreshOnTaskWrites(onWrite: () => void) {
  const queryClient = useQueryClient();
  const latest = useRef(onWrite);
  useEffect(() => {
    latest.current = onWrite;
  });
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type !== "updated" || event.mutation.state.status !== "success") return;
        if (event.action.type !== "success") return;
        const key = event.mutation.options.mutationKey as unknown;
        const path = Array.isArray(key) && Array.isArray(key[0]) ? (key[0] as unknown[]) : [];
        if (path[0] === "task") latest.current();
      }),
    [queryClient],
  );
}
