"use client";

import { useState } from "react";
import { toast } from "sonner";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button, inputClass } from "~/components/ui/button";
import { SettingsSection } from "~/components/ui/settings-section";
import { toastError } from "~/components/ui/form-error";
import { api } from "~/trpc/react";
import { useRefreshWorkspace } from "./use-refresh-workspace";

export function GeneralSection() {
  const { workspace } = useWorkspace();
  const refresh = useRefreshWorkspace();
  const [name, setName] = useState(workspace.name);
  const rename = api.workspace.rename.useMutation({
    onSuccess: async () => {
      toast.success("Workspace renamed");
      await refresh();
    },
    onError: toastError,
  });
  return (
    <SettingsSection id="general" title="General">
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          rename.mutate({ workspaceId: workspace.id, name });
        }}
      >
        <label className="flex-1 text-sm">
          <span className="mb-1 block font-medium">Name</span>
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} className={inputClass} />
        </label>
        <Button type="submit" disabled={rename.isPending}>
          Rename
        </Button>
      </form>
    </SettingsSection>
  );
}
