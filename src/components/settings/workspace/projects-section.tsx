"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button, inputClass } from "~/components/ui/button";
import { FieldError } from "~/components/ui/field-error";
import { toastError, useFormError } from "~/components/ui/form-error";
import { SettingsSection } from "~/components/ui/settings-section";
import { api } from "~/trpc/react";
import { useRefreshWorkspace } from "./use-refresh-workspace";

// A key suggested from the name: its first three letters.
const suggestKey = (name: string) =>
  name
    .replace(/[^A-Za-z]/g, "")
    .slice(0, 3)
    .toUpperCase();

function NewProjectForm() {
  const router = useRouter();
  const { workspace } = useWorkspace();
  const refresh = useRefreshWorkspace();
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const { error, clear, fromServer, onSubmit } = useFormError();
  const create = api.project.create.useMutation({
    onSuccess: async (project) => {
      setName("");
      setKey("");
      clear();
      await refresh();
      router.push(`/w/${workspace.slug}/p/${project.key}`);
    },
    onError: fromServer,
  });
  return (
    <form
      onSubmit={onSubmit(() => create.mutate({ workspaceId: workspace.id, name, key }))}
      className="flex flex-wrap items-end gap-2"
      noValidate
    >
      <label className="min-w-48 flex-1 text-sm">
        <span className="mb-1 block font-medium">Project name</span>
        <input
          value={name}
          maxLength={100}
          onChange={(e) => {
            setName(e.target.value);
            if (!key) setKey(suggestKey(e.target.value));
          }}
          className={inputClass}
          aria-describedby={error ? "project-error" : undefined}
        />
      </label>
      <label className="w-28 text-sm">
        <span className="mb-1 block font-medium">Key</span>
        <input
          value={key}
          maxLength={10}
          onChange={(e) => setKey(e.target.value.toUpperCase())}
          className={`${inputClass} font-mono`}
        />
      </label>
      <Button type="submit" variant="primary" disabled={create.isPending}>
        Create project
      </Button>
      <div className="w-full">
        <FieldError id="project-error" message={error} spaced />
      </div>
    </form>
  );
}

export function ProjectsSection() {
  const { workspace, canAdmin } = useWorkspace();
  const refresh = useRefreshWorkspace();
  const projects = api.project.list.useQuery({ workspaceId: workspace.id, includeArchived: true });
  const archive = api.project.archive.useMutation({ onSuccess: refresh, onError: toastError });
  const unarchive = api.project.unarchive.useMutation({ onSuccess: refresh, onError: toastError });
  return (
    <SettingsSection id="projects" title="Projects">
      {projects.data?.length ? (
        <ul className="mb-4 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {projects.data.map((p) => (
            <li key={p.id} className="flex items-center gap-3 py-2">
              <span className="w-14 font-mono text-xs">{p.key}</span>
              <span className="flex-1">
                {p.name}{" "}
                {p.archivedAt ? <span className="text-xs text-zinc-600 dark:text-zinc-400">(archived)</span> : null}
              </span>
              {canAdmin ? (
                p.archivedAt ? (
                  <Button onClick={() => unarchive.mutate({ projectId: p.id })}>Unarchive</Button>
                ) : (
                  <Button onClick={() => archive.mutate({ projectId: p.id })}>Archive</Button>
                )
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">No projects yet.</p>
      )}
      {canAdmin ? <NewProjectForm /> : null}
    </SettingsSection>
  );
}
