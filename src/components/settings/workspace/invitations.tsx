"use client";

import { useState } from "react";
import { toast } from "sonner";
import type { Role } from "~/generated/prisma/enums";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button, inputClass } from "~/components/ui/button";
import { FieldError } from "~/components/ui/field-error";
import { toastError, useFormError } from "~/components/ui/form-error";
import { RoleSelect } from "~/components/ui/pickers";
import { ROLE_LABEL, ROLES } from "~/lib/roles";
import { formatDate } from "~/lib/task-meta";
import { api } from "~/trpc/react";
import { useRefreshWorkspace } from "./use-refresh-workspace";

export function InvitationList() {
  const { workspace, canAdmin } = useWorkspace();
  const refresh = useRefreshWorkspace();
  const members = api.workspace.members.useQuery({ workspaceId: workspace.id });
  const revoke = api.workspace.revokeInvitation.useMutation({
    onSuccess: async () => {
      toast.success("Invitation withdrawn");
      await refresh();
    },
    onError: toastError,
  });
  if (!members.data?.invitations.length) return null;
  return (
    <>
      <h3 id="pending-invitations-heading" className="mb-1 text-sm font-medium">
        Pending invitations
      </h3>
      <ul
        aria-labelledby="pending-invitations-heading"
        className="mb-4 divide-y divide-zinc-200 text-sm dark:divide-zinc-800"
      >
        {members.data.invitations.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center gap-3 py-2">
            <span className="min-w-0 flex-1">{i.email}</span>
            <span className="text-zinc-600 dark:text-zinc-400">
              {ROLE_LABEL[i.role]} · expires {formatDate(i.expiresAt)}
            </span>
            {canAdmin ? (
              <Button
                aria-label={`Withdraw the invitation for ${i.email}`}
                disabled={revoke.isPending}
                onClick={() => revoke.mutate({ workspaceId: workspace.id, invitationId: i.id })}
              >
                Withdraw
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export function InviteForm() {
  const { workspace } = useWorkspace();
  const refresh = useRefreshWorkspace();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("MEMBER");
  const { error, clear, fromServer, onSubmit } = useFormError();
  const invite = api.workspace.invite.useMutation({
    onSuccess: async (result) => {
      toast.success(`Invitation sent to ${result.email}. They join once they accept it.`);
      setEmail("");
      clear();
      await refresh();
    },
    onError: fromServer,
  });
  return (
    <form
      onSubmit={onSubmit(() => invite.mutate({ workspaceId: workspace.id, email, role }))}
      className="flex flex-wrap items-end gap-2"
      noValidate
    >
      <label className="min-w-48 flex-1 text-sm">
        <span className="mb-1 block font-medium">Invite by email</span>
        <input
          type="email"
          value={email}
          maxLength={254}
          onChange={(e) => setEmail(e.target.value)}
          className={inputClass}
          aria-describedby={error ? "invite-hint invite-error" : "invite-hint"}
        />
      </label>
      <div className="text-sm">
        <label htmlFor="invite-role" className="mb-1 block font-medium">
          Role
        </label>
        <RoleSelect
          id="invite-role"
          roles={ROLES.filter((r) => workspace.role === "OWNER" || r !== "OWNER")}
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
        />
      </div>
      <Button type="submit" variant="primary" disabled={invite.isPending}>
        {invite.isPending ? "Inviting…" : "Invite"}
      </Button>
      <div className="w-full">
        <p id="invite-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
          We email them a link. They join once they accept, signed in with this address.
        </p>
        <FieldError id="invite-error" message={error} spaced />
      </div>
    </form>
  );
}
