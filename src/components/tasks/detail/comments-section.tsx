"use client";

import { useState } from "react";
import { useMentionAutocomplete } from "~/components/notifications/use-mention-autocomplete";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button, inputClass } from "~/components/ui/button";
import { describedBy, FieldError } from "~/components/ui/field-error";
import { toastError, useFormError } from "~/components/ui/form-error";
import { Markdown } from "~/components/ui/markdown";
import { formatDate } from "~/lib/task-meta";
import { api } from "~/trpc/react";
import { useMarkdownAttachments } from "./use-attachment-upload";

export function CommentsSection({ taskId }: { taskId: string }) {
  const { workspace, canEdit, canAdmin, viewerId } = useWorkspace();
  const utils = api.useUtils();
  const comments = api.comment.list.useQuery({ taskId });
  const [comment, setComment] = useState("");
  const { ref: editorRef, pending: uploading, onPaste, onDrop } = useMarkdownAttachments(comment, setComment);
  const mentions = useMentionAutocomplete({
    workspaceId: workspace.id,
    id: "new-comment",
    value: comment,
    setValue: setComment,
    ref: editorRef,
  });
  const { error, clear, fromServer, onSubmit } = useFormError();
  const refresh = async () => {
    await Promise.all([utils.comment.list.invalidate({ taskId }), utils.activity.forTask.invalidate({ taskId })]);
  };
  const add = api.comment.add.useMutation({
    onSuccess: async () => {
      setComment("");
      clear();
      await refresh();
    },
    onError: fromServer,
  });
  const remove = api.comment.delete.useMutation({ onSuccess: refresh, onError: toastError });
  const submit = onSubmit(
    () => add.mutate({ taskId, body: comment }),
    () => (comment.trim() ? null : "Write something first."),
  );

  return (
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
                <span className="font-medium text-zinc-900 dark:text-zinc-100">{c.author.name ?? c.author.email}</span>
                <time dateTime={c.createdAt.toISOString()}>{formatDate(c.createdAt)}</time>
                {c.editedAt ? <span>(edited)</span> : null}
                {canAdmin || (canEdit && c.author.id === viewerId) ? (
                  <button
                    type="button"
                    className="ml-auto underline"
                    onClick={() => remove.mutate({ commentId: c.id })}
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
        <form onSubmit={submit} className="mt-3 space-y-2" noValidate>
          <label htmlFor="new-comment" className="sr-only">
            Add a comment
          </label>
          <div className="relative">
            <textarea
              ref={editorRef}
              id="new-comment"
              rows={3}
              placeholder="Add a comment (Markdown, @ to mention)…"
              value={comment}
              maxLength={10_000}
              onChange={(e) => setComment(e.target.value)}
              onPaste={onPaste}
              onDrop={onDrop}
              {...mentions.inputProps}
              {...describedBy("comment-error", error)}
              className={inputClass}
            />
            {mentions.popup}
          </div>
          <FieldError id="comment-error" message={error} />
          <Button type="submit" variant="primary" disabled={add.isPending || uploading}>
            {add.isPending ? "Posting…" : uploading ? "Uploading…" : "Comment"}
          </Button>
        </form>
      ) : null}
    </section>
  );
}
