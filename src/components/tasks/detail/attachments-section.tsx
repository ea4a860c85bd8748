"use client";

import { useState } from "react";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { toastError } from "~/components/ui/form-error";
import { formatDate } from "~/lib/task-meta";
import { formatBytes } from "~/server/attachments/file-types";
import { api } from "~/trpc/react";
import { acceptList } from "./attachments/upload";
import { useAttachmentUploads, type Attachment, type UploadItem } from "./use-attachment-upload";

const muted = "text-zinc-600 dark:text-zinc-400";

export function AttachmentsSection({ taskId, editable }: { taskId: string; editable: boolean }) {
  const uploads = useAttachmentUploads();
  const attachments = api.attachment.list.useQuery({ taskId });
  const [deleting, setDeleting] = useState<Attachment | null>(null);

  return (
    <section aria-labelledby="attachments-heading">
      <div className="mb-1 flex items-center justify-between gap-2">
        <h2 id="attachments-heading" className="text-sm font-semibold">
          Attachments
        </h2>
        {uploads ? (
          <label className="inline-flex cursor-pointer items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800">
            <input
              type="file"
              multiple
              accept={acceptList()}
              className="sr-only"
              onChange={(e) => {
                const files = Array.from(e.target.files ?? []);
                // Cleared, so choosing the same file again is a change too.
                e.target.value = "";
                uploads.uploadAll(files);
              }}
            />
            Attach files
          </label>
        ) : null}
      </div>
      {uploads?.items.length ? <UploadList items={uploads.items} onDismiss={uploads.dismiss} /> : null}
      {attachments.isPending ? (
        <div className="h-14 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-900" data-testid="attachments-loading" />
      ) : attachments.isError ? (
        <p className={`text-sm ${muted}`}>Attachments could not be loaded.</p>
      ) : attachments.data.length ? (
        <ul
          className="divide-y divide-zinc-200 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800"
          data-testid="attachments"
        >
          {attachments.data.map((a) => (
            <AttachmentRow key={a.id} attachment={a} canDelete={editable && a.canDelete} onDelete={setDeleting} />
          ))}
        </ul>
      ) : (
        <p className={`text-sm ${muted}`}>
          {uploads ? "No attachments yet. Drop files here or paste a screenshot." : "No attachments."}
        </p>
      )}
      <DeleteDialog taskId={taskId} attachment={deleting} onClose={() => setDeleting(null)} />
    </section>
  );
}

function AttachmentRow({
  attachment: a,
  canDelete,
  onDelete,
}: {
  attachment: Attachment;
  canDelete: boolean;
  onDelete: (a: Attachment) => void;
}) {
  const by = a.uploader ? (a.uploader.name ?? a.uploader.email) : "a former member";
  return (
    <li className="flex items-center gap-3 px-3 py-2" data-testid="attachment">
      {a.isImage ? (
        <a href={a.url} target="_blank" rel="noreferrer" className="shrink-0">
          {/* eslint-disable-next-line @next/next/no-img-element -- a signed link of the app, not a page asset */}
          <img
            src={a.url}
            alt={`View ${a.name}`}
            loading="lazy"
            decoding="async"
            className="size-10 rounded border border-zinc-200 object-cover dark:border-zinc-800"
          />
        </a>
      ) : (
        <FileIcon />
      )}
      <div className="min-w-0 flex-1">
        <a href={`${a.url}?download=1`} className="block truncate font-medium hover:underline" title={a.name}>
          {a.name}
        </a>
        <p className={`text-xs ${muted}`}>
          {formatBytes(a.size)} · {by} · <time dateTime={a.createdAt.toISOString()}>{formatDate(a.createdAt)}</time>
        </p>
      </div>
      {canDelete ? (
        <Button variant="ghost" onClick={() => onDelete(a)}>
          Delete<span className="sr-only"> {a.name}</span>
        </Button>
      ) : null}
    </li>
  );
}

function FileIcon() {
  return (
    <span
      aria-hidden="true"
      className="flex size-10 shrink-0 items-center justify-center rounded border border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400"
    >
      <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.5">
        <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" strokeLinejoin="round" />
        <path d="M14 3v5h5" strokeLinejoin="round" />
      </svg>
    </span>
  );
}

function UploadList({ items, onDismiss }: { items: UploadItem[]; onDismiss: (key: string) => void }) {
  return (
    <ul className="mb-2 space-y-2" aria-label="Uploads">
      {items.map((item) => {
        const percent = item.size ? Math.min(100, Math.round((item.loaded / item.size) * 100)) : 100;
        return (
          <li
            key={item.key}
            className="rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
            data-testid="upload"
          >
            <div className="flex items-center gap-2">
              <span className="min-w-0 flex-1 truncate font-medium">{item.name}</span>
              {item.phase === "failed" ? (
                <Button variant="ghost" className="px-2 py-0.5" onClick={() => onDismiss(item.key)}>
                  Dismiss<span className="sr-only"> the error about {item.name}</span>
                </Button>
              ) : (
                <span className={`text-xs ${muted}`}>{item.phase === "checking" ? "Checking…" : `${percent}%`}</span>
              )}
            </div>
            {item.phase === "failed" ? (
              <p role="alert" className="mt-1 text-sm text-rose-700 dark:text-rose-400">
                {item.error}
              </p>
            ) : (
              <div
                role="progressbar"
                aria-label={`Uploading ${item.name}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent}
                className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
              >
                <div
                  className="h-full rounded-full bg-indigo-600 transition-[width]"
                  style={{ width: `${percent}%` }}
                />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function DeleteDialog({
  taskId,
  attachment,
  onClose,
}: {
  taskId: string;
  attachment: Attachment | null;
  onClose: () => void;
}) {
  const utils = api.useUtils();
  const { workspace } = useWorkspace();
  const remove = api.attachment.delete.useMutation({
    onSuccess: async (_result, { attachmentId }) => {
      onClose();
      utils.attachment.list.setData({ taskId }, (list) => list?.filter((a) => a.id !== attachmentId));
      await Promise.all([
        utils.attachment.list.invalidate({ taskId }),
        utils.attachment.usage.invalidate({ workspaceId: workspace.id }),
      ]);
    },
    onError: toastError,
  });
  return (
    <Dialog
      open={attachment !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title="Delete attachment?"
      description={attachment ? `${attachment.name} will be removed from this task for everyone.` : undefined}
    >
      <div className="flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="danger"
          disabled={remove.isPending}
          onClick={() => {
            if (attachment) remove.mutate({ attachmentId: attachment.id });
          }}
        >
          {remove.isPending ? "Deleting…" : "Delete"}
        </Button>
      </div>
    </Dialog>
  );
}
