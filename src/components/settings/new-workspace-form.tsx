"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, inputClass } from "~/components/ui/button";
import { describedBy, FieldError } from "~/components/ui/field-error";
import { useFormError } from "~/components/ui/form-error";
import { api } from "~/trpc/react";

export function NewWorkspaceForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const { error, fromServer, onSubmit } = useFormError();
  const create = api.workspace.create.useMutation({
    onSuccess: (workspace) => router.push(`/w/${workspace.slug}`),
    onError: fromServer,
  });
  const submit = onSubmit(
    () => create.mutate({ name }),
    () => (name.trim() ? null : "Give the workspace a name."),
  );
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
        {...describedBy("workspace-error", error)}
        className={inputClass}
      />
      <FieldError id="workspace-error" message={error} />
      <Button type="submit" variant="primary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
