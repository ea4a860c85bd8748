"use client";

import { useState } from "react";
import { Button, inputClass } from "~/components/ui/button";
import { Markdown } from "~/components/ui/markdown";
import { useTaskSave, type Task } from "./use-task-save";

export function DescriptionSection({ task, editable }: { task: Task; editable: boolean }) {
  const save = useTaskSave(task);
  const [editing, setEditing] = useState(false);
  const [description, setDescription] = useState(task.description);
  return (
    <section aria-labelledby="description-heading">
      <div className="mb-1 flex items-center justify-between">
        <h2 id="description-heading" className="text-sm font-semibold">
          Description
        </h2>
        {editable && !editing ? (
          <Button variant="ghost" onClick={() => setEditing(true)}>
            Edit
          </Button>
        ) : null}
      </div>
      {editing ? (
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
                setEditing(false);
              }}
            >
              Save
            </Button>
            <Button
              onClick={() => {
                setDescription(task.description);
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
