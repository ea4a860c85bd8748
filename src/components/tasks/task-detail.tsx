"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button, inputClass, selectClass } from "~/components/ui/button";
import { Markdown } from "~/components/ui/markdown";
import { describeError } from "~/lib/errors";
import {
  formatDate,
  fromDateInput,
  PRIORITIES,
  priorityLabel,
  STATUSES,
  statusLabel,
  toDateInput,
} from "~/lib/task-meta";
import { api, type RouterOutputs } from "~/trpc/react";
import { useTaskMutations } from "./use-task-mutations";

type Task = RouterOutputs["task"]["get"];

const ACTION_TEXT: Record<string, string> = {
  "task.created": "created the task",
  "task.deleted": "moved the task to the trash",
  "task.restored": "restored the task",
  "comment.added": "commented",
  "comment.deleted": "deleted a comment",
};

function describeActivity(a: RouterOutputs["activity"]["forTask"]["items"][number]): string {
  if (a.field === "status")
    return `changed status from ${statusLabel(a.fromValue as TaskStatus)} to ${statusLabel(a.toValue as TaskStatus)}`;
  if (a.field === "priority")
    return `changed priority from ${priorityLabel(a.fromValue as TaskPriority)} to ${priorityLabel(a.toValue as TaskPriority)}`;
  if (a.field === "title") return `renamed the task from “${a.fromValue}” to “${a.toValue}”`;
  if (a.field === "description") return "edited the description";
  if (a.field === "dueDate")
    return a.toValue ? `set the due date to ${formatDate(new Date(a.toValue))}` : "removed the due date";
  if (a.field === "assigneeId") return a.toValue ? "changed the assignee" : "unassigned the task";
  if (a.field === "labels") return "changed the labels";
  if (a.field === "parentId") return "changed the parent task";
  return ACTION_TEXT[a.action] ?? a.action;
}

export function TaskDetail({ initialTask }: { initialTask: Task }) {
  const { workspace, canEdit, canAdmin, viewerId } = useWorkspace();
  const utils = api.useUtils();
  const taskQuery = api.task.get.useQuery({ id: initialTask.id }, { initialData: initialTask });
  const task = taskQuery.data;
  const members = api.workspace.members.useQuery({ workspaceId: workspace.id });
  const labels = api.label.list.useQuery({ workspaceId: workspace.id });
  const comments = api.comment.list.useQuery({ taskId: task.id });
  const activity = api.activity.forTask.useQuery({ taskId: task.id, limit: 50 });
  const { update, remove, refresh } = useTaskMutations(task.projectId);
  const restore = api.task.restore.useMutation({
    onSuccess: async () => {
      toast.success(`Restored ${task.ref}`);
      await refresh();
    },
    onError: (e) => toast.error(describeError(e)),
  });
  const createSubtask = api.task.create.useMutation({
    onSuccess: async () => {
      setSubtaskTitle("");
      await refresh();
    },
    onError: (e) => toast.error(describeError(e)),
  });
  const refreshSide = async () => {
    await Promise.all([
      utils.comment.list.invalidate({ taskId: task.id }),
      utils.activity.forTask.invalidate({ taskId: task.id }),
    ]);
  };
  const addComment = api.comment.add.useMutation({
    onSuccess: async () => {
      setComment("");
      setCommentError(null);
      await refreshSide();
    },
    onError: (e) => setCommentError(describeError(e)),
  });
  const deleteComment = api.comment.delete.useMutation({
    onSuccess: refreshSide,
    onError: (e) => toast.error(describeError(e)),
  });

  const [title, setTitle] = useState(task.title);
  const [editingDescription, setEditingDescription] = useState(false);
  const [description, setDescription] = useState(task.description);
  const [comment, setComment] = useState("");
  const [commentError, setCommentError] = useState<string | null>(null);
  const [subtaskTitle, setSubtaskTitle] = useState("");

  const save = (patch: Omit<Parameters<typeof update.mutate>[0], "id" | "version">) =>
    update.mutate({ id: task.id, version: task.version, ...patch }, { onSuccess: () => void refreshSide() });
  const editable = canEdit && !task.deletedAt;

  const submitComment = (e: FormEvent) => {
    e.preventDefault();
    if (!comment.trim()) {
      setCommentError("Write something first.");
      return;
    }
    addComment.mutate({ taskId: task.id, body: comment });
  };

  const labelIds = new Set(task.labels.map((l) => l.id));
  const projectKey = task.ref.split("-")[0];

  return (
    <div className="px-4 py-4 md:px-8">
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
      {task.deletedAt ? (
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
      ) : null}

      <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
        <article className="min-w-0 space-y-6">
          {editable ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (title.trim() && title !== task.title) save({ title });
              }}
            >
              <label htmlFor="task-title" className="sr-only">
                Title
              </label>
              <input
                id="task-title"
                value={title}
                maxLength={200}
                onChange={(e) => setTitle(e.target.value)}
                onBlur={() => title.trim() && title !== task.title && save({ title })}
                className="w-full rounded-md border border-transparent bg-transparent px-1 text-2xl font-semibold hover:border-zinc-300 focus:border-indigo-500 focus:outline-none dark:hover:border-zinc-700"
              />
            </form>
          ) : (
            <h1 className="text-2xl font-semibold">{task.title}</h1>
          )}

          <section aria-labelledby="description-heading">
            <div className="mb-1 flex items-center justify-between">
              <h2 id="description-heading" className="text-sm font-semibold">
                Description
              </h2>
              {editable && !editingDescription ? (
                <Button variant="ghost" onClick={() => setEditingDescription(true)}>
                  Edit
                </Button>
              ) : null}
            </div>
            {editingDescription ? (
              <div className="space-y-2">
                <label htmlFor="task-description" className="sr-only">
                  Description (Markdown)
                </label>
                <textarea
                  id="task-description"
                  value={description}
                  maxLength={50_000}
                  rows={8}
                  onChange={(e) => setDescription(e.target.value)}
                  className={`${inputClass} font-mono`}
                />
                <div className="flex gap-2">
                  <Button
                    variant="primary"
                    onClick={() => {
                      save({ description });
                      setEditingDescription(false);
                    }}
                  >
                    Save
                  </Button>
                  <Button
                    onClick={() => {
                      setDescription(task.description);
                      setEditingDescription(false);
                    }}
                  >
                    Cancel
                  </Button>
                </div>
              </div>
            ) : task.description ? (
              <Markdown source={task.description} />
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">No description.</p>
            )}
          </section>

          {!task.parentId ? (
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
                    if (subtaskTitle.trim())
                      createSubtask.mutate({ projectId: task.projectId, title: subtaskTitle, parentId: task.id });
                  }}
                >
                  <label htmlFor="subtask-title" className="sr-only">
                    New subtask
                  </label>
                  <input
                    id="subtask-title"
                    placeholder="Add a subtask…"
                    value={subtaskTitle}
                    maxLength={200}
                    onChange={(e) => setSubtaskTitle(e.target.value)}
                    className={inputClass}
                  />
                  <Button type="submit" disabled={createSubtask.isPending}>
                    Add
                  </Button>
                </form>
              ) : null}
            </section>
          ) : null}

          <section aria-labelledby="comments-heading">
            <h2 id="comments-heading" className="mb-2 text-sm font-semibold">
              Comments
            </h2>
            {comments.isPending ? (
              <div className="h-16 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-900" />
            ) : comments.data?.length ? (
              <ul className="space-y-3" data-testid="comments">
                {comments.data.map((c) => (
                  <li key={c.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
                    <div className="mb-1 flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
                      <span className="font-medium text-zinc-900 dark:text-zinc-100">
                        {c.author.name ?? c.author.email}
                      </span>
                      <time dateTime={c.createdAt.toISOString()}>{formatDate(c.createdAt)}</time>
                      {c.editedAt ? <span>(edited)</span> : null}
                      {canAdmin || (canEdit && c.author.id === viewerId) ? (
                        <button
                          type="button"
                          className="ml-auto underline"
                          onClick={() => deleteComment.mutate({ commentId: c.id })}
                        >
                          Delete
                        </button>
                      ) : null}
                    </div>
                    <Markdown source={c.body} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">No comments yet.</p>
            )}
            {canEdit ? (
              <form onSubmit={submitComment} className="mt-3 space-y-2" noValidate>
                <label htmlFor="new-comment" className="sr-only">
                  Add a comment
                </label>
                <textarea
                  id="new-comment"
                  rows={3}
                  placeholder="Add a comment (Markdown)…"
                  value={comment}
                  maxLength={10_000}
                  onChange={(e) => setComment(e.target.value)}
                  aria-invalid={commentError ? true : undefined}
                  aria-describedby={commentError ? "comment-error" : undefined}
                  className={inputClass}
                />
                {commentError ? (
                  <p id="comment-error" role="alert" className="text-sm text-rose-700 dark:text-rose-400">
                    {commentError}
                  </p>
                ) : null}
                <Button type="submit" variant="primary" disabled={addComment.isPending}>
                  {addComment.isPending ? "Posting…" : "Comment"}
                </Button>
              </form>
            ) : null}
          </section>

          <section aria-labelledby="activity-heading">
            <h2 id="activity-heading" className="mb-2 text-sm font-semibold">
              Activity
            </h2>
            <ol className="space-y-1.5 text-sm" data-testid="activity">
              {activity.data?.items.map((a) => (
                <li key={a.id} className="text-zinc-700 dark:text-zinc-300">
                  <span className="font-medium">{a.actor?.name ?? "Someone"}</span> {describeActivity(a)}{" "}
                  <time className="text-xs text-zinc-600 dark:text-zinc-400" dateTime={a.createdAt.toISOString()}>
                    {formatDate(a.createdAt)}
                  </time>
                </li>
              ))}
            </ol>
          </section>
        </article>

        <aside aria-label="Task properties" className="space-y-4 text-sm">
          <Property label="Status">
            {editable ? (
              <select
                aria-label="Status"
                value={task.status}
                onChange={(e) => save({ status: e.target.value as TaskStatus })}
                className={`${selectClass} w-full`}
              >
                {STATUSES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            ) : (
              statusLabel(task.status)
            )}
          </Property>
          <Property label="Priority">
            {editable ? (
              <select
                aria-label="Priority"
                value={task.priority}
                onChange={(e) => save({ priority: e.target.value as TaskPriority })}
                className={`${selectClass} w-full`}
              >
                {PRIORITIES.map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.label}
                  </option>
                ))}
              </select>
            ) : (
              priorityLabel(task.priority)
            )}
          </Property>
          <Property label="Assignee">
            {editable ? (
              <select
                aria-label="Assignee"
                value={task.assignee?.id ?? ""}
                onChange={(e) => save({ assigneeId: e.target.value || null })}
                className={`${selectClass} w-full`}
              >
                <option value="">Unassigned</option>
                {members.data?.members.map((m) => (
                  <option key={m.user.id} value={m.user.id}>
                    {m.user.name ?? m.user.email}
                  </option>
                ))}
              </select>
            ) : (
              (task.assignee?.name ?? "Unassigned")
            )}
          </Property>
          <Property label="Due date">
            {editable ? (
              <input
                type="date"
                aria-label="Due date"
                value={toDateInput(task.dueDate)}
                onChange={(e) => save({ dueDate: fromDateInput(e.target.value) })}
                className={`${selectClass} w-full`}
              />
            ) : task.dueDate ? (
              formatDate(task.dueDate)
            ) : (
              "None"
            )}
          </Property>
          <Property label="Labels">
            {editable ? (
              <fieldset className="space-y-1">
                <legend className="sr-only">Labels</legend>
                {labels.data?.length ? (
                  labels.data.map((l) => (
                    <label key={l.id} className="flex items-center gap-2">
                      <input
                        type="checkbox"
                        checked={labelIds.has(l.id)}
                        onChange={(e) => {
                          const next = new Set(labelIds);
                          if (e.target.checked) next.add(l.id);
                          else next.delete(l.id);
                          save({ labelIds: [...next] });
                        }}
                      />
                      <span className="size-2.5 rounded-full" style={{ backgroundColor: l.color }} aria-hidden />
                      {l.name}
                    </label>
                  ))
                ) : (
                  <span className="text-zinc-600 dark:text-zinc-400">No labels in this workspace.</span>
                )}
              </fieldset>
            ) : task.labels.length ? (
              task.labels.map((l) => l.name).join(", ")
            ) : (
              "None"
            )}
          </Property>
          <Property label="Created">
            {formatDate(task.createdAt)} by {task.creator.name ?? "someone"}
          </Property>
          {task.completedAt ? <Property label="Completed">{formatDate(task.completedAt)}</Property> : null}
          {editable ? (
            <Button variant="danger" onClick={() => remove.mutate({ id: task.id })} disabled={remove.isPending}>
              Move to trash
            </Button>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

function Property({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <div className="mb-1 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{label}</div>
      <div>{children}</div>
    </div>
  );
}
