"use client";

import Link from "next/link";
import { useState } from "react";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button, inputClass } from "~/components/ui/button";
import { statusLabel } from "~/lib/task-meta";
import { toastError } from "~/components/ui/form-error";
import { api } from "~/trpc/react";
import { useTaskMutations } from "../use-task-mutations";
import type { Task } from "./use-task-save";

export function SubtasksSection({ task, editable }: { task: Task; editable: boolean }) {
  const { workspace } = useWorkspace();
  const { refresh } = useTaskMutations(task.projectId);
  const [title, setTitle] = useState("");
  const create = api.task.create.useMutation({
    onSuccess: async () => {
      setTitle("");
      await refresh();
    },
    onError: toastError,
  });
  return (
    <section aria-labelledby="subtasks-heading">
      <h2 id="subtasks-heading" className="mb-1 text-sm font-semibold">
        Subtasks
      </h2>
      {task.subtasks.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No subtasks.</p>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
          {task.subtasks.map((s) => (
            <li key={s.id} className="flex items-center gap-3 px-3 py-1.5">
              <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{s.ref}</span>
              <Link href={`/w/${workspace.slug}/t/${s.ref}`} className="flex-1 hover:underline">
                {s.title}
              </Link>
              <span className="text-xs">{statusLabel(s.status)}</span>
            </li>
          ))}
        </ul>
      )}
      {editable ? (
        <form
          className="mt-2 flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (title.trim()) create.mutate({ projectId: task.projectId, title, parentId: task.id });
          }}
        >
          <label htmlFor="subtask-title" className="sr-only">
            New subtask
          </label>
          <input
            id="subtask-title"
            placeholder="Add a subtask…"
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            className={inputClass}
          />
          <Button type="submit" disabled={create.isPending}>
            Add
          </Button>
        </form>
      ) : null}
    </section>
  );
}
