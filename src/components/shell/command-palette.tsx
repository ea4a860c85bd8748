"use client";

import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useDebouncedValue } from "~/components/ui/use-debounced-value";
import { api } from "~/trpc/react";
import { useCurrentProject } from "./use-current-project";
import { useWorkspace } from "./workspace-context";

const itemClass =
  "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm aria-selected:bg-zinc-100 dark:aria-selected:bg-zinc-800";

type Props = {
  open: boolean;
  setOpen: (open: boolean) => void;
  /** What was typed between the shortcut and this component's arrival. */
  initialQuery: string;
  onReady: () => void;
};

export function CommandPalette({ open, setOpen, initialQuery, onReady }: Props) {
  const router = useRouter();
  const { workspace, projects } = useWorkspace();
  const project = useCurrentProject();
  const [query, setQuery] = useState(initialQuery);
  const debounced = useDebouncedValue(query.trim(), 200);

  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    onReady();
    // Whatever was typed before the palette arrived stays in the box, with the caret after it.
    const frame = requestAnimationFrame(() => {
      const el = input.current;
      if (el && document.activeElement === el) el.setSelectionRange(el.value.length, el.value.length);
    });
    return () => cancelAnimationFrame(frame);
  }, [onReady]);

  const search = api.task.list.useQuery(
    { projectId: project?.id ?? "", search: debounced, limit: 8, sort: "updated" },
    { enabled: open && !!project && debounced.length > 1 },
  );

  const go = (href: string) => {
    setOpen(false);
    setQuery("");
    router.push(href);
  };
  const ref = /^[A-Za-z][A-Za-z0-9]{1,9}-\d+$/.test(query.trim()) ? query.trim().toUpperCase() : null;

  return (
    <Command.Dialog
      open={open}
      onOpenChange={setOpen}
      label="Command palette"
      shouldFilter={false}
      overlayClassName="fixed inset-0 z-40 bg-black/40"
      contentClassName="fixed top-[12vh] left-1/2 z-50 w-[min(92vw,36rem)] -translate-x-1/2 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xl dark:border-zinc-800 dark:bg-zinc-900"
    >
      <Command.Input
        ref={input}
        value={query}
        onValueChange={setQuery}
        placeholder={project ? `Search ${project.key} tasks, jump to a project or type WEB-42…` : "Jump to…"}
        className="w-full border-b border-zinc-200 bg-transparent px-4 py-3 text-sm outline-none dark:border-zinc-800"
      />
      <Command.List className="max-h-80 overflow-y-auto p-2">
        <Command.Empty className="px-2 py-3 text-sm text-zinc-600 dark:text-zinc-400">
          {search.isFetching ? "Searching…" : "Nothing found."}
        </Command.Empty>
        {ref ? (
          <Command.Item
            value={`open ${ref}`}
            onSelect={() => go(`/w/${workspace.slug}/t/${ref}`)}
            className={itemClass}
          >
            Open {ref}
          </Command.Item>
        ) : null}
        {search.data?.items.length ? (
          <Command.Group heading="Tasks" className="text-xs text-zinc-600 dark:text-zinc-400">
            {search.data.items.map((t) => (
              <Command.Item
                key={t.id}
                value={`task ${t.id}`}
                onSelect={() => go(`/w/${workspace.slug}/t/${t.ref}`)}
                className={itemClass}
              >
                <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{t.ref}</span>
                <span className="truncate text-zinc-900 dark:text-zinc-100">{t.title}</span>
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        <Command.Group heading="Projects" className="text-xs text-zinc-600 dark:text-zinc-400">
          {projects
            .filter((p) => !p.archivedAt && `${p.key} ${p.name}`.toLowerCase().includes(query.toLowerCase()))
            .flatMap((p) => [
              <Command.Item
                key={`${p.id}-list`}
                value={`list ${p.id}`}
                onSelect={() => go(`/w/${workspace.slug}/p/${p.key}`)}
                className={itemClass}
              >
                <span className="text-zinc-900 dark:text-zinc-100">{p.name}</span>
                <span className="text-xs">list</span>
              </Command.Item>,
              <Command.Item
                key={`${p.id}-board`}
                value={`board ${p.id}`}
                onSelect={() => go(`/w/${workspace.slug}/p/${p.key}/board`)}
                className={itemClass}
              >
                <span className="text-zinc-900 dark:text-zinc-100">{p.name}</span>
                <span className="text-xs">board</span>
              </Command.Item>,
            ])}
        </Command.Group>
        <Command.Group heading="Workspace" className="text-xs text-zinc-600 dark:text-zinc-400">
          <Command.Item value="settings" onSelect={() => go(`/w/${workspace.slug}/settings`)} className={itemClass}>
            <span className="text-zinc-900 dark:text-zinc-100">Workspace settings</span>
          </Command.Item>
        </Command.Group>
      </Command.List>
    </Command.Dialog>
  );
}
