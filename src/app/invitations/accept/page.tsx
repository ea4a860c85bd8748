import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard, FormMessage } from "~/components/auth/auth-card";
import { InvitationResponse } from "~/components/invitations/invitation-response";
import { getServerApi, getViewer } from "~/trpc/server";

export const metadata: Metadata = { title: "Invitation" };

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
// What the invitee is told when the link cannot be used; the server's messages are written for them.
const EXPLAINED = new Set(["NOT_FOUND", "FORBIDDEN", "BAD_REQUEST"]);

async function loadInvitation(token: string) {
  try {
    return { ok: true as const, invitation: await (await getServerApi()).workspace.invitation({ token }) };
  } catch (error) {
    if (!(error instanceof TRPCError) || !EXPLAINED.has(error.code)) throw error;
    return { ok: false as const, message: error.message };
  }
}

export default async function AcceptInvitationPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token: raw } = await searchParams;
  const token = typeof raw === "string" ? raw : "";
  const here = `/invitations/accept?token=${encodeURIComponent(token)}`;
  const footer = (
    <Link href="/" className="underline">
      Go to your workspaces
    </Link>
  );

  if (!TOKEN.test(token)) {
    return (
      <AuthCard title="Invitation" footer={footer}>
        <FormMessage kind="error">This invitation link is incomplete. Open it again from the email.</FormMessage>
      </AuthCard>
    );
  }

  const viewer = await getViewer();
  if (!viewer) {
    return (
      <AuthCard title="You are invited">
        <p className="mb-4 text-sm">
          Sign in with the address this invitation was sent to, or create an account with it, to see the invitation and
          accept or decline it. A new account finds it under Pending invitations once its address is confirmed.
        </p>
        <div className="flex gap-3 text-sm">
          <Link
            href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`}
            className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500"
          >
            Sign in
          </Link>
          <Link
            href="/sign-up"
            className="rounded-md border border-zinc-300 px-4 py-2 font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
          >
            Create an account
          </Link>
        </div>
      </AuthCard>
    );
  }

  const found = await loadInvitation(token);
  if (!found.ok) {
    return (
      <AuthCard title="Invitation" footer={footer}>
        <FormMessage kind="error">{found.message}</FormMessage>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Signed in as {viewer.email}.{" "}
          <Link href="/sign-out" className="underline">
            Sign out
          </Link>{" "}
          to use another account.
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Join a workspace" footer={footer}>
      <InvitationResponse token={token} invitation={found.invitation} />
    </AuthCard>
  );
}
