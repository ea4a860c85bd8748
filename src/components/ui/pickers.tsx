"use client";

import type { SelectHTMLAttributes } from "react";
import type { Role } from "~/generated/prisma/enums";
import { useWorkspace } from "~/components/shell/workspace-context";
import { selectClass } from "~/components/ui/button";
import { ROLE_LABEL, ROLES } from "~/lib/roles";
import { PRIORITIES, STATUSES } from "~/lib/task-meta";
import { api } from "~/trpc/react";

export type Option = { value: string; label: string };
type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> & {
  // Options shown before the list, such as "Any assignee" or a placeholder with value "".
  leading?: Option[];
};

export function OptionSelect({
  options,
  leading = [],
  className = selectClass,
  ...props
}: SelectProps & { options: Option[] }) {
  return (
    <select className={className} {...props}>
      {[...leading, ...options].map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

export function StatusSelect(props: SelectProps) {
  return <OptionSelect options={STATUSES} {...props} />;
}

export function PrioritySelect(props: SelectProps) {
  return <OptionSelect options={PRIORITIES} {...props} />;
}

export function RoleSelect({ roles = ROLES, ...props }: SelectProps & { roles?: readonly Role[] }) {
  return <OptionSelect options={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} {...props} />;
}

// The workspace's members, by name (or email); the list is shared with every other picker on the page.
export function AssigneeSelect(props: SelectProps) {
  const { workspace } = useWorkspace();
  const members = api.workspace.members.useQuery({ workspaceId: workspace.id });
  const options = (members.data?.members ?? []).map((m) => ({ value: m.user.id, label: m.user.name ?? m.user.email }));
  return <OptionSelect options={options} {...props} />;
}

export function LabelSelect(props: SelectProps) {
  const { workspace } = useWorkspace();
  const labels = api.label.list.useQuery({ workspaceId: workspace.id });
  const options = (labels.data ?? []).map((l) => ({ value: l.id, label: l.name }));
  return <OptionSelect options={options} {...props} />;
}
