"use client";

import Link from "next/link";
import { toast } from "sonner";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button } from "~/components/ui/button";
import { formatDate } from "~/lib/task-meta";
import { toastError } from "~/components/ui/form-error";
import { api } from "~/trpc/react";
import { useTaskMutations } from "../use-task-mutations";
import { useTaskDrafts } from "./task-drafts";
import { useTaskSave, type Task } from "./use-task-save";

export function TaskBreadcrumb({ task }: { task: Task }) {
  const { workspace } = useWorkspace();
  const projectKey = task.ref.split("-")[0];
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
      <Link href={`/w/${workspace.slug}/p/${projectKey}`} className="hover:underline">
        {projectKey}
      </Link>
      {task.parent ? (
        <>
          {" / "}
          <Link href={`/w/${workspace.slug}/t/${task.parent.ref}`} className="hover:underline">
            {task.parent.ref}
          </Link>
        </>
      ) : null}
      {" / "}
      <span className="font-mono">{task.ref}</span>
    </nav>
  );
}

export function TrashNotice({ task }: { task: Task }) {
  const { canEdit } = useWorkspace();
  const { refresh } = useTaskMutations(task.projectId);
  const restore = api.task.restore.useMutation({
    onSuccess: async () => {
      toast.success(`Restored ${task.ref}`);
      await refresh();
    },
    onError: toastError,
  });
  return (
    <div
      role="status"
      className="mb-3 flex items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm dark:border-amber-800 dark:bg-amber-950"
    >
      This task is in the trash since {formatDate(task.deletedAt)}.
      {canEdit ? (
        <Button onClick={() => restore.mutate({ id: task.id })} disabled={restore.isPending}>
          Restore
        </Button>
      ) : null}
    </div>
  );
}

export function TaskTitle({ task, editable }: { task: Task; editable: boolean }) {
  const save = useTaskSave(task);
  const { drafts, setDraft, stale } = useTaskDrafts();
  const draft = drafts.title;
  const title = draft?.value ?? task.title;
  const submit = () => {
    if (draft && title.trim()) save({ title });
  };
  if (!editable) return <h1 className="text-2xl font-semibold">{task.title}</h1>;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor="task-title" className="sr-only">
        Title
      </label>
      <input
        id="task-title"
        value={title}
        maxLength={200}
        onChange={(e) => setDraft("title", e.target.value, task.title)}
        // Escape drops the edit and shows the saved title again; Enter (the form) saves.
        onKeyDown={(e) => {
          if (e.key === "Escape" && draft) {
            e.preventDefault();
            setDraft("title", undefined, task.title);
          }
        }}
        // Leaving the field saves, except while someone else's change waits: the person chooses first
        // (and reaching for the Reload button must not save the draft over their change).
        onBlur={() => {
          if (!stale) submit();
        }}
        className="w-full rounded-md border border-transparent bg-transparent px-1 text-2xl font-semibold hover:border-zinc-300 focus:border-indigo-500 focus:outline-none dark:hover:border-zinc-700"
      />
    </form>
  );
}
