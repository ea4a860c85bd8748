import type { Metadata } from "next";
import { NewWorkspaceForm } from "~/components/settings/new-workspace-form";

export const metadata: Metadata = { title: "New workspace" };

export default function NewWorkspacePage() {
  return (
    <main className="mx-auto max-w-md px-6 py-20">
      <h1 className="mb-6 text-2xl font-semibold">Create a workspace</h1>
      <NewWorkspaceForm />
    </main>
  );
}
