"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";
import { Button, inputClass } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { describedBy, FieldError } from "~/components/ui/field-error";
import { useFormError } from "~/components/ui/form-error";
import { PrioritySelect, StatusSelect } from "~/components/ui/pickers";
import { useWorkspace } from "~/components/shell/workspace-context";
import { api } from "~/trpc/react";

export function QuickCreate({
  open,
  onOpenChange,
  project,
  defaultStatus = "TODO",
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  project: { id: string; key: string; name: string };
  defaultStatus?: TaskStatus;
}) {
  const router = useRouter();
  const { workspace } = useWorkspace();
  const utils = api.useUtils();
  const [title, setTitle] = useState("");
  const [status, setStatus] = useState<TaskStatus>(defaultStatus);
  const [priority, setPriority] = useState<TaskPriority>("NONE");
  const { error, clear, fromServer, onSubmit } = useFormError();
  const create = api.task.create.useMutation({
    onSuccess: async (task) => {
      await utils.task.list.invalidate({ projectId: project.id });
      router.refresh();
      toast.success(`Created ${task.ref}`, {
        action: { label: "Open", onClick: () => router.push(`/w/${workspace.slug}/t/${task.ref}`) },
      });
      setTitle("");
      clear();
      onOpenChange(false);
    },
    onError: fromServer,
  });
  const submit = onSubmit(
    () => create.mutate({ projectId: project.id, title, status, priority }),
    () => (title.trim() ? null : "Give the task a title."),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={`New task in ${project.name}`}>
      <form onSubmit={submit} className="space-y-3" noValidate>
        <div>
          <label htmlFor="quick-title" className="mb-1 block text-sm font-medium">
            Title
          </label>
          <input
            id="quick-title"
            autoFocus
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            {...describedBy("quick-error", error)}
            className={inputClass}
          />
        </div>
        <div className="flex gap-3">
          <label className="text-sm">
            <span className="mb-1 block font-medium">Status</span>
            <StatusSelect value={status} onChange={(e) => setStatus(e.target.value as TaskStatus)} />
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">Priority</span>
            <PrioritySelect value={priority} onChange={(e) => setPriority(e.target.value as TaskPriority)} />
          </label>
        </div>
        <FieldError id="quick-error" message={error} />
        <div className="flex justify-end gap-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create task"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
