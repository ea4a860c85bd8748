"use client";

import { useRouter } from "next/navigation";
import { useId } from "react";
import { toast } from "sonner";
import { Button } from "~/components/ui/button";
import { describeError } from "~/lib/errors";
import { ROLE_LABEL } from "~/lib/roles";
import { formatDate } from "~/lib/task-meta";
import { api, type RouterOutputs } from "~/trpc/react";

type Invitation = RouterOutputs["workspace"]["myInvitations"][number];

// Accept and decline, shared by the pending list and the page an emailed link opens.
export function useInvitationActions(options: { onDeclined?: () => void } = {}) {
  const router = useRouter();
  const utils = api.useUtils();
  const accept = api.workspace.acceptInvitation.useMutation({
    onSuccess: async (workspace) => {
      toast.success(`You joined ${workspace.name}`);
      await utils.workspace.invalidate();
      router.push(`/w/${workspace.slug}`);
      router.refresh();
    },
  });
  const decline = api.workspace.declineInvitation.useMutation({
    onSuccess: async () => {
      toast.success("Invitation declined");
      options.onDeclined?.();
      await utils.workspace.myInvitations.invalidate();
    },
  });
  return { accept, decline, busy: accept.isPending || decline.isPending, error: accept.error ?? decline.error };
}

function InvitationItem({ invitation, compact }: { invitation: Invitation; compact: boolean }) {
  const { accept, decline, busy, error } = useInvitationActions();
  const name = invitation.workspace.name;
  const from = invitation.invitedBy ? (invitation.invitedBy.name ?? invitation.invitedBy.email) : null;
  return (
    <li className={compact ? "space-y-1 px-2 py-1.5" : "flex flex-wrap items-center gap-3 py-2"}>
      <div className="min-w-0 flex-1 text-sm">
        <p className="truncate font-medium">{name}</p>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {ROLE_LABEL[invitation.role]}
          {from ? ` · from ${from}` : ""} · until {formatDate(invitation.expiresAt)}
        </p>
      </div>
      <div className="flex gap-2">
        <Button
          variant="primary"
          aria-label={`Accept the invitation to ${name}`}
          disabled={busy}
          onClick={() => accept.mutate({ invitationId: invitation.id })}
        >
          {accept.isPending ? "Joining…" : "Accept"}
        </Button>
        <Button
          aria-label={`Decline the invitation to ${name}`}
          disabled={busy}
          onClick={() => decline.mutate({ invitationId: invitation.id })}
        >
          Decline
        </Button>
      </div>
      {error ? (
        <p role="alert" className="w-full text-xs text-rose-700 dark:text-rose-400">
          {describeError(error)}
        </p>
      ) : null}
    </li>
  );
}

// The invitations waiting for the signed-in person. In the sidebar it shows only when there are
// some; on a page it also says when there are none.
export function PendingInvitations({ variant }: { variant: "sidebar" | "page" }) {
  const headingId = useId();
  const invitations = api.workspace.myInvitations.useQuery();
  const compact = variant === "sidebar";
  if (compact && (invitations.isPending || invitations.data?.length === 0)) return null;

  const heading = compact ? (
    <h2
      id={headingId}
      className="px-2 pb-1 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400"
    >
      Pending invitations
    </h2>
  ) : (
    <h2 id={headingId} className="mb-3 text-lg font-semibold">
      Pending invitations
    </h2>
  );

  let body: React.ReactNode;
  if (invitations.isPending) {
    body = <div aria-busy="true" className="h-14 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />;
  } else if (invitations.isError) {
    body = (
      <p role="alert" className={`text-sm text-rose-700 dark:text-rose-400 ${compact ? "px-2" : ""}`}>
        Could not load your invitations.{" "}
        <button type="button" className="underline" onClick={() => void invitations.refetch()}>
          Try again
        </button>
      </p>
    );
  } else if (invitations.data.length === 0) {
    body = (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        No invitations are waiting for you. When someone invites your address to a workspace, it appears here.
      </p>
    );
  } else {
    body = (
      <ul
        aria-labelledby={headingId}
        className={compact ? "space-y-1" : "divide-y divide-zinc-200 dark:divide-zinc-800"}
      >
        {invitations.data.map((invitation) => (
          <InvitationItem key={invitation.id} invitation={invitation} compact={compact} />
        ))}
      </ul>
    );
  }

  return (
    <section
      aria-labelledby={headingId}
      className={compact ? "" : "rounded-lg border border-zinc-200 p-5 dark:border-zinc-800"}
    >
      {heading}
      {body}
    </section>
  );
}
