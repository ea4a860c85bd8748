"use client";

import type { Role } from "~/generated/prisma/enums";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button } from "~/components/ui/button";
import { RoleSelect } from "~/components/ui/pickers";
import { SettingsSection } from "~/components/ui/settings-section";
import { describeError } from "~/lib/errors";
import { ROLE_LABEL } from "~/lib/roles";
import { toastError } from "~/components/ui/form-error";
import { api } from "~/trpc/react";
import { InvitationList, InviteForm } from "./invitations";
import { useRefreshWorkspace } from "./use-refresh-workspace";

function MemberList() {
  const { workspace, canAdmin } = useWorkspace();
  const refresh = useRefreshWorkspace();
  const members = api.workspace.members.useQuery({ workspaceId: workspace.id });
  const changeRole = api.workspace.changeRole.useMutation({ onSuccess: refresh, onError: toastError });
  const remove = api.workspace.removeMember.useMutation({ onSuccess: refresh, onError: toastError });
  if (members.isPending) return <div className="h-20 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />;
  if (members.isError)
    return (
      <p role="alert" className="mb-4 text-sm text-rose-700 dark:text-rose-400">
        Could not load the members: {describeError(members.error)}{" "}
        <button type="button" className="underline" onClick={() => void members.refetch()}>
          Try again
        </button>
      </p>
    );
  return (
    <ul className="mb-4 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
      {members.data.members.map((m) => (
        <li key={m.user.id} className="flex flex-wrap items-center gap-3 py-2">
          <span className="min-w-0 flex-1">
            <span className="font-medium">{m.user.name ?? m.user.email}</span>{" "}
            <span className="text-zinc-600 dark:text-zinc-400">{m.user.email}</span>
          </span>
          {canAdmin ? (
            <>
              <RoleSelect
                aria-label={`Role of ${m.user.email}`}
                value={m.role}
                onChange={(e) =>
                  changeRole.mutate({ workspaceId: workspace.id, userId: m.user.id, role: e.target.value as Role })
                }
              />
              <Button onClick={() => remove.mutate({ workspaceId: workspace.id, userId: m.user.id })}>Remove</Button>
            </>
          ) : (
            <span>{ROLE_LABEL[m.role]}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function MembersSection() {
  const { canAdmin } = useWorkspace();
  return (
    <SettingsSection id="members" title="Members">
      <MemberList />
      <InvitationList />
      {canAdmin ? <InviteForm /> : null}
    </SettingsSection>
  );
}
