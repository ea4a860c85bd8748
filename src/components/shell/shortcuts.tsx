"use client";

import { useEffect, useState } from "react";
import { QuickCreate } from "~/components/tasks/quick-create";
import { Dialog } from "~/components/ui/dialog";
import { isTyping } from "./is-typing";
import { useCurrentProject } from "./use-current-project";
import { useWorkspace } from "./workspace-context";

const SHORTCUTS = [
  ["c", "Create a task in this project"],
  ["/ or ⌘K", "Search and jump"],
  ["?", "Show these shortcuts"],
  ["↑ ↓ or j k", "Move between tasks in the list"],
  ["s p a l d", "Change status, priority, assignee, labels or due date of the focused or hovered task"],
  ["e or Enter", "Open the focused task"],
  ["r or F2", "Rename the focused task in the list"],
  ["x", "Select or deselect the task"],
  ["Shift + ↑ ↓, Shift-click", "Select a range of tasks"],
  ["Space, arrows, Space", "Move a focused card on the board"],
  ["Esc", "Close a dialog or a picker, then clear the selection"],
] as const;

export function Shortcuts() {
  const { canEdit } = useWorkspace();
  const project = useCurrentProject();
  const [help, setHelp] = useState(false);
  const [create, setCreate] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "?") {
        e.preventDefault();
        setHelp(true);
      } else if (e.key === "c" && canEdit && project) {
        e.preventDefault();
        setCreate(true);
      }
    };
    const onRequest = () => setCreate(true);
    window.addEventListener("keydown", onKey);
    window.addEventListener("taskmanager:quick-create", onRequest);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("taskmanager:quick-create", onRequest);
    };
  }, [canEdit, project]);

  return (
    <>
      <Dialog open={help} onOpenChange={setHelp} title="Keyboard shortcuts">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map(([key, what]) => (
            <div key={key} className="contents">
              <dt>
                <kbd className="rounded border border-zinc-300 px-1.5 py-0.5 font-mono text-xs dark:border-zinc-700">
                  {key}
                </kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </Dialog>
      {project ? <QuickCreate open={create} onOpenChange={setCreate} project={project} /> : null}
    </>
  );
}
