"use client";

import { useState } from "react";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button, inputClass } from "~/components/ui/button";
import { FieldError } from "~/components/ui/field-error";
import { toastError, useFormError } from "~/components/ui/form-error";
import { SettingsSection } from "~/components/ui/settings-section";
import { api } from "~/trpc/react";
import { useRefreshWorkspace } from "./use-refresh-workspace";

function NewLabelForm() {
  const { workspace } = useWorkspace();
  const refresh = useRefreshWorkspace();
  const [name, setName] = useState("");
  const [color, setColor] = useState("#2563eb");
  const { error, clear, fromServer, onSubmit } = useFormError();
  const create = api.label.create.useMutation({
    onSuccess: async () => {
      setName("");
      clear();
      await refresh();
    },
    onError: fromServer,
  });
  return (
    <form
      onSubmit={onSubmit(() => create.mutate({ workspaceId: workspace.id, name, color }))}
      className="flex flex-wrap items-end gap-2"
      noValidate
    >
      <label className="min-w-40 flex-1 text-sm">
        <span className="mb-1 block font-medium">Label name</span>
        <input
          value={name}
          maxLength={40}
          onChange={(e) => setName(e.target.value)}
          className={inputClass}
          aria-describedby={error ? "label-error" : undefined}
        />
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">Colour</span>
        <input type="color" value={color} onChange={(e) => setColor(e.target.value)} className="h-8 w-14" />
      </label>
      <Button type="submit" disabled={create.isPending}>
        Add label
      </Button>
      <div className="w-full">
        <FieldError id="label-error" message={error} spaced />
      </div>
    </form>
  );
}

export function LabelsSection() {
  const { workspace, canAdmin } = useWorkspace();
  const refresh = useRefreshWorkspace();
  const labels = api.label.list.useQuery({ workspaceId: workspace.id });
  const remove = api.label.delete.useMutation({ onSuccess: refresh, onError: toastError });
  return (
    <SettingsSection id="labels" title="Labels">
      {labels.data?.length ? (
        <ul className="mb-4 flex flex-wrap gap-2">
          {labels.data.map((l) => (
            <li
              key={l.id}
              className="flex items-center gap-2 rounded-full border px-3 py-1 text-sm"
              style={{ borderColor: l.color }}
            >
              <span className="size-2.5 rounded-full" style={{ backgroundColor: l.color }} aria-hidden />
              {l.name}
              {canAdmin ? (
                <button
                  type="button"
                  aria-label={`Delete label ${l.name}`}
                  onClick={() => remove.mutate({ labelId: l.id })}
                >
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">No labels yet.</p>
      )}
      {canAdmin ? <NewLabelForm /> : null}
    </SettingsSection>
  );
}
