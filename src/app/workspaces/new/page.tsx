import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PendingInvitations } from "~/components/invitations/pending-invitations";
import { NewWorkspaceForm } from "~/components/settings/new-workspace-form";
import { getViewer } from "~/trpc/server";

export const metadata: Metadata = { title: "New workspace" };

export default async function NewWorkspacePage() {
  if (!(await getViewer())) redirect("/sign-in?callbackUrl=/workspaces/new");
  return (
    <main className="mx-auto max-w-md px-6 py-20">
      <h1 className="mb-6 text-2xl font-semibold">Create a workspace</h1>
      <NewWorkspaceForm />
      {/* Someone invited, signing in for the first time, lands here: their invitations wait below. */}
      <div className="mt-10">
        <PendingInvitations variant="page" />
      </div>
    </main>
  );
}
