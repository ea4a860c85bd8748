"use client";

import { useState } from "react";
import { useMentionAutocomplete } from "~/components/notifications/use-mention-autocomplete";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button, inputClass } from "~/components/ui/button";
import { Markdown } from "~/components/ui/markdown";
import { useTaskDrafts } from "./task-drafts";
import { useMarkdownAttachments } from "./use-attachment-upload";
import { useTaskSave, type Task } from "./use-task-save";

export function DescriptionSection({ task, editable }: { task: Task; editable: boolean }) {
  const { workspace } = useWorkspace();
  const save = useTaskSave(task);
  const { drafts, setDraft } = useTaskDrafts();
  const draft = drafts.description;
  // An unsaved edit keeps the editor open: through a save in flight, and through a stale save refused.
  const [editing, setEditing] = useState(false);
  const open = editable && (editing || draft !== undefined);
  const description = draft?.value ?? task.description;
  const {
    ref: editorRef,
    pending: uploading,
    onPaste,
    onDrop,
  } = useMarkdownAttachments(description, (next) => setDraft("description", next, task.description));
  const mentions = useMentionAutocomplete({
    workspaceId: workspace.id,
    id: "task-description",
    value: description,
    setValue: (next) => setDraft("description", next, task.description),
    ref: editorRef,
  });
  return (
    <section aria-labelledby="description-heading">
      <div className="mb-1 flex items-center justify-between">
        <h2 id="description-heading" className="text-sm font-semibold">
          Description
        </h2>
        {editable && !open ? (
          <Button variant="ghost" onClick={() => setEditing(true)}>
            Edit
          </Button>
        ) : null}
      </div>
      {open ? (
        <div className="space-y-2">
          <label htmlFor="task-description" className="sr-only">
            Description (Markdown)
          </label>
          <div className="relative">
            <textarea
              ref={editorRef}
              id="task-description"
              value={description}
              maxLength={50_000}
              rows={8}
              onChange={(e) => setDraft("description", e.target.value, task.description)}
              onPaste={onPaste}
              onDrop={onDrop}
              {...mentions.inputProps}
              className={`${inputClass} font-mono`}
            />
            {mentions.popup}
          </div>
          <div className="flex gap-2">
            <Button
              variant="primary"
              disabled={uploading}
              onClick={() => {
                if (draft) save({ description: draft.value });
                setEditing(false);
              }}
            >
              {uploading ? "Uploading…" : "Save"}
            </Button>
            <Button
              onClick={() => {
                setDraft("description", undefined, task.description);
                setEditing(false);
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
  );
}
