"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import type { Role } from "~/generated/prisma/enums";
import { useWorkspace } from "~/components/shell/workspace-context";
import { Button, inputClass, selectClass } from "~/components/ui/button";
import { describeError } from "~/lib/errors";
import { formatDate } from "~/lib/task-meta";
import { ROLE_LABEL, ROLES } from "~/lib/roles";
import { api } from "~/trpc/react";

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section
      id={id}
      aria-labelledby={`${id}-heading`}
      className="rounded-lg border border-zinc-200 p-5 dark:border-zinc-800"
    >
      <h2 id={`${id}-heading`} className="mb-4 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  return message ? (
    <p id={id} role="alert" className="mt-1 text-sm text-rose-700 dark:text-rose-400">
      {message}
    </p>
  ) : null;
}

export function WorkspaceSettings() {
  const router = useRouter();
  const { workspace, canAdmin } = useWorkspace();
  const utils = api.useUtils();
  const members = api.workspace.members.useQuery({ workspaceId: workspace.id });
  const labels = api.label.list.useQuery({ workspaceId: workspace.id });
  const projects = api.project.list.useQuery({ workspaceId: workspace.id, includeArchived: true });

  const [name, setName] = useState(workspace.name);
  const [inviteEmail, setInviteEmail] = useState("");
  const [inviteRole, setInviteRole] = useState<Role>("MEMBER");
  const [inviteError, setInviteError] = useState<string | null>(null);
  const [labelName, setLabelName] = useState("");
  const [labelColor, setLabelColor] = useState("#2563eb");
  const [labelError, setLabelError] = useState<string | null>(null);
  const [projectName, setProjectName] = useState("");
  const [projectKey, setProjectKey] = useState("");
  const [projectError, setProjectError] = useState<string | null>(null);

  const refreshAll = async () => {
    await Promise.all([utils.workspace.invalidate(), utils.label.invalidate(), utils.project.invalidate()]);
    router.refresh();
  };
  const onError = (e: unknown) => toast.error(describeError(e));
  const rename = api.workspace.rename.useMutation({
    onSuccess: async () => {
      toast.success("Workspace renamed");
      await refreshAll();
    },
    onError,
  });
  const invite = api.workspace.invite.useMutation({
    onSuccess: async (result) => {
      toast.success(`Invitation sent to ${result.email}. They join once they accept it.`);
      setInviteEmail("");
      setInviteError(null);
      await refreshAll();
    },
    onError: (e) => setInviteError(describeError(e)),
  });
  const revokeInvitation = api.workspace.revokeInvitation.useMutation({
    onSuccess: async () => {
      toast.success("Invitation withdrawn");
      await refreshAll();
    },
    onError,
  });
  const changeRole = api.workspace.changeRole.useMutation({ onSuccess: refreshAll, onError });
  const removeMember = api.workspace.removeMember.useMutation({ onSuccess: refreshAll, onError });
  const createLabel = api.label.create.useMutation({
    onSuccess: async () => {
      setLabelName("");
      setLabelError(null);
      await refreshAll();
    },
    onError: (e) => setLabelError(describeError(e)),
  });
  const deleteLabel = api.label.delete.useMutation({ onSuccess: refreshAll, onError });
  const createProject = api.project.create.useMutation({
    onSuccess: async (project) => {
      setProjectName("");
      setProjectKey("");
      setProjectError(null);
      await refreshAll();
      router.push(`/w/${workspace.slug}/p/${project.key}`);
    },
    onError: (e) => setProjectError(describeError(e)),
  });
  const archive = api.project.archive.useMutation({ onSuccess: refreshAll, onError });
  const unarchive = api.project.unarchive.useMutation({ onSuccess: refreshAll, onError });

  const submitInvite = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ workspaceId: workspace.id, email: inviteEmail, role: inviteRole });
  };
  const submitLabel = (e: FormEvent) => {
    e.preventDefault();
    createLabel.mutate({ workspaceId: workspace.id, name: labelName, color: labelColor });
  };
  const submitProject = (e: FormEvent) => {
    e.preventDefault();
    createProject.mutate({ workspaceId: workspace.id, name: projectName, key: projectKey });
  };

  return (
    <div className="mx-auto max-w-3xl space-y-6 px-4 py-6 md:px-8">
      <h1 className="text-2xl font-semibold">Workspace settings</h1>

      {workspace.role === "OWNER" ? (
        <Section id="general" title="General">
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
        </Section>
      ) : null}

      <Section id="projects" title="Projects">
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
        {canAdmin ? (
          <form onSubmit={submitProject} className="flex flex-wrap items-end gap-2" noValidate>
            <label className="min-w-48 flex-1 text-sm">
              <span className="mb-1 block font-medium">Project name</span>
              <input
                value={projectName}
                maxLength={100}
                onChange={(e) => {
                  setProjectName(e.target.value);
                  if (!projectKey)
                    setProjectKey(
                      e.target.value
                        .replace(/[^A-Za-z]/g, "")
                        .slice(0, 3)
                        .toUpperCase(),
                    );
                }}
                className={inputClass}
                aria-describedby={projectError ? "project-error" : undefined}
              />
            </label>
            <label className="w-28 text-sm">
              <span className="mb-1 block font-medium">Key</span>
              <input
                value={projectKey}
                maxLength={10}
                onChange={(e) => setProjectKey(e.target.value.toUpperCase())}
                className={`${inputClass} font-mono`}
              />
            </label>
            <Button type="submit" variant="primary" disabled={createProject.isPending}>
              Create project
            </Button>
            <div className="w-full">
              <FieldError id="project-error" message={projectError} />
            </div>
          </form>
        ) : null}
      </Section>

      <Section id="members" title="Members">
        {members.isPending ? (
          <div className="h-20 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
        ) : members.isError ? (
          <p role="alert" className="mb-4 text-sm text-rose-700 dark:text-rose-400">
            Could not load the members: {describeError(members.error)}{" "}
            <button type="button" className="underline" onClick={() => void members.refetch()}>
              Try again
            </button>
          </p>
        ) : (
          <ul className="mb-4 divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {members.data?.members.map((m) => (
              <li key={m.user.id} className="flex flex-wrap items-center gap-3 py-2">
                <span className="min-w-0 flex-1">
                  <span className="font-medium">{m.user.name ?? m.user.email}</span>{" "}
                  <span className="text-zinc-600 dark:text-zinc-400">{m.user.email}</span>
                </span>
                {canAdmin ? (
                  <>
                    <select
                      aria-label={`Role of ${m.user.email}`}
                      value={m.role}
                      onChange={(e) =>
                        changeRole.mutate({
                          workspaceId: workspace.id,
                          userId: m.user.id,
                          role: e.target.value as Role,
                        })
                      }
                      className={selectClass}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABEL[r]}
                        </option>
                      ))}
                    </select>
                    <Button onClick={() => removeMember.mutate({ workspaceId: workspace.id, userId: m.user.id })}>
                      Remove
                    </Button>
                  </>
                ) : (
                  <span>{ROLE_LABEL[m.role]}</span>
                )}
              </li>
            ))}
          </ul>
        )}
        {members.data?.invitations.length ? (
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
                      disabled={revokeInvitation.isPending}
                      onClick={() => revokeInvitation.mutate({ workspaceId: workspace.id, invitationId: i.id })}
                    >
                      Withdraw
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {canAdmin ? (
          <form onSubmit={submitInvite} className="flex flex-wrap items-end gap-2" noValidate>
            <label className="min-w-48 flex-1 text-sm">
              <span className="mb-1 block font-medium">Invite by email</span>
              <input
                type="email"
                value={inviteEmail}
                maxLength={254}
                onChange={(e) => setInviteEmail(e.target.value)}
                className={inputClass}
                aria-describedby={inviteError ? "invite-hint invite-error" : "invite-hint"}
              />
            </label>
            <div className="text-sm">
              <label htmlFor="invite-role" className="mb-1 block font-medium">
                Role
              </label>
              <select
                id="invite-role"
                value={inviteRole}
                onChange={(e) => setInviteRole(e.target.value as Role)}
                className={selectClass}
              >
                {ROLES.filter((r) => workspace.role === "OWNER" || r !== "OWNER").map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABEL[r]}
                  </option>
                ))}
              </select>
            </div>
            <Button type="submit" variant="primary" disabled={invite.isPending}>
              {invite.isPending ? "Inviting…" : "Invite"}
            </Button>
            <div className="w-full">
              <p id="invite-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
                We email them a link. They join once they accept, signed in with this address.
              </p>
              <FieldError id="invite-error" message={inviteError} />
            </div>
          </form>
        ) : null}
      </Section>

      <Section id="labels" title="Labels">
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
                    onClick={() => deleteLabel.mutate({ labelId: l.id })}
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
        {canAdmin ? (
          <form onSubmit={submitLabel} className="flex flex-wrap items-end gap-2" noValidate>
            <label className="min-w-40 flex-1 text-sm">
              <span className="mb-1 block font-medium">Label name</span>
              <input
                value={labelName}
                maxLength={40}
                onChange={(e) => setLabelName(e.target.value)}
                className={inputClass}
                aria-describedby={labelError ? "label-error" : undefined}
              />
            </label>
            <label className="text-sm">
              <span className="mb-1 block font-medium">Colour</span>
              <input
                type="color"
                value={labelColor}
                onChange={(e) => setLabelColor(e.target.value)}
                className="h-8 w-14"
              />
            </label>
            <Button type="submit" disabled={createLabel.isPending}>
              Add label
            </Button>
            <div className="w-full">
              <FieldError id="label-error" message={labelError} />
            </div>
          </form>
        ) : null}
      </Section>
    </div>
  );
}
