"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, inputClass } from "~/components/ui/button";
import { describeError } from "~/lib/errors";
import { api } from "~/trpc/react";

export function NewWorkspaceForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = api.workspace.create.useMutation({
    onSuccess: (workspace) => router.push(`/w/${workspace.slug}`),
    onError: (e) => setError(describeError(e)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError("Give the workspace a name.");
      return;
    }
    create.mutate({ name });
  };
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      <label htmlFor="workspace-name" className="block text-sm font-medium">
        Workspace name
      </label>
      <input
        id="workspace-name"
        value={name}
        maxLength={100}
        autoFocus
        onChange={(e) => setName(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "workspace-error" : undefined}
        className={inputClass}
      />
      {error ? (
        <p id="workspace-error" role="alert" className="text-sm text-rose-700 dark:text-rose-400">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
