"use client";

import Link from "next/link";
import { useState } from "react";
import { FormMessage } from "~/components/auth/auth-card";
import { Button } from "~/components/ui/button";
import { describeError } from "~/lib/errors";
import { ROLE_LABEL } from "~/lib/roles";
import { formatDate } from "~/lib/task-meta";
import type { RouterOutputs } from "~/trpc/react";
import { useInvitationActions } from "./pending-invitations";

type Invitation = RouterOutputs["workspace"]["invitation"];

// The page an emailed invitation opens, once the invitee is signed in with its address.
export function InvitationResponse({ token, invitation }: { token: string; invitation: Invitation }) {
  const [declined, setDeclined] = useState(false);
  const { accept, decline, busy, error } = useInvitationActions({ onDeclined: () => setDeclined(true) });
  const from = invitation.invitedBy ? (invitation.invitedBy.name ?? invitation.invitedBy.email) : "Someone";

  if (declined) {
    return (
      <>
        <FormMessage kind="success">You declined the invitation to {invitation.workspace.name}.</FormMessage>
        <Link href="/" className="text-sm underline">
          Go to your workspaces
        </Link>
      </>
    );
  }
  return (
    <>
      <p className="mb-2 text-sm">
        {from} invited you to join <strong>{invitation.workspace.name}</strong> as{" "}
        {ROLE_LABEL[invitation.role].toLowerCase()}.
      </p>
      <p className="mb-4 text-xs text-zinc-600 dark:text-zinc-400">
        The invitation is open until {formatDate(invitation.expiresAt)}.
      </p>
      {error ? <FormMessage kind="error">{describeError(error)}</FormMessage> : null}
      <div className="flex gap-2">
        <Button variant="primary" disabled={busy} onClick={() => accept.mutate({ token })}>
          {accept.isPending ? "Joining…" : "Accept"}
        </Button>
        <Button disabled={busy} onClick={() => decline.mutate({ invitationId: invitation.id })}>
          Decline
        </Button>
      </div>
    </>
  );
}
