"use client";

import { useParams } from "next/navigation";
import { useWorkspace } from "./workspace-context";

// The project the page is about (from /w/:slug/p/:key or a task's number), else the first open one.
export function useCurrentProject() {
  const { projects } = useWorkspace();
  const params = useParams<{ key?: string; ref?: string }>();
  const key = params.key ?? (params.ref ? decodeURIComponent(params.ref).split("-")[0] : undefined);
  const active = projects.filter((p) => !p.archivedAt);
  return active.find((p) => p.key === key?.toUpperCase()) ?? active[0] ?? null;
}
