"use client";

import Link from "next/link";
import { LiveIndicator } from "~/components/live/live-indicator";
import { PresenceAvatars } from "~/components/live/presence-avatars";
import type { LiveProject } from "~/components/live/use-live-project";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button } from "~/components/ui/button";

export function ProjectHeader({
  project,
  view,
  live,
}: {
  project: { key: string; name: string };
  view: "list" | "board" | "calendar";
  live: LiveProject;
}) {
  const { workspace, canEdit } = useWorkspace();
  const base = `/w/${workspace.slug}/p/${project.key}`;
  const tab = (active: boolean) =>
    `rounded-md px-3 py-1 text-sm ${active ? "bg-zinc-200 font-medium dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-900"}`;
  return (
    <header className="mb-4 flex flex-wrap items-center gap-3">
      <h1 className="text-xl font-semibold">
        <span className="mr-2 font-mono text-sm text-zinc-600 dark:text-zinc-400">{project.key}</span>
        {project.name}
      </h1>
      <nav aria-label="Views" className="flex gap-1">
        <Link href={base} className={tab(view === "list")} aria-current={view === "list" ? "page" : undefined}>
          List
        </Link>
        <Link
          href={`${base}/board`}
          className={tab(view === "board")}
          aria-current={view === "board" ? "page" : undefined}
        >
          Board
        </Link>
        <Link
          href={`${base}/calendar`}
          className={tab(view === "calendar")}
          aria-current={view === "calendar" ? "page" : undefined}
        >
          Calendar
        </Link>
      </nav>
      <div className="flex items-center gap-2">
        <LiveIndicator status={live.status} />
        <PresenceAvatars viewers={live.viewers} view={view} />
      </div>
      <div className="ml-auto flex items-center gap-2">
        <span className="hidden text-xs text-zinc-600 sm:inline dark:text-zinc-400">
          Press <kbd className="font-mono">?</kbd> for shortcuts
        </span>
        {canEdit ? (
          <Button variant="primary" onClick={() => window.dispatchEvent(new Event("taskmanager:quick-create"))}>
            New task
          </Button>
        ) : null}
      </div>
    </header>
  );
}
