"use client";

import { useRouter } from "next/navigation";
import { api } from "~/trpc/react";

// After any settings change: reload the workspace's members, labels and projects, and the server-rendered shell.
export function useRefreshWorkspace() {
  const router = useRouter();
  const utils = api.useUtils();
  return async () => {
    await Promise.all([utils.workspace.invalidate(), utils.label.invalidate(), utils.project.invalidate()]);
    router.refresh();
  };
}
