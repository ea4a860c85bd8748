import Link from "next/link";
import { redirect } from "next/navigation";
import { loadWorkspace } from "~/trpc/load";

export default async function WorkspaceHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace, projects } = await loadWorkspace(slug);
  const first = projects.find((p) => !p.archivedAt);
  if (first) redirect(`/w/${slug}/p/${first.key}`);
  const canAdmin = workspace.role === "OWNER" || workspace.role === "ADMIN";
  return (
    <div className="mx-auto max-w-xl px-6 py-20 text-center">
      <h1 className="text-2xl font-semibold">{workspace.name} has no projects yet</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        {canAdmin ? "Create a project to start planning tasks." : "Ask an admin of this workspace to create a project."}
      </p>
      {canAdmin ? (
        <Link
          href={`/w/${slug}/settings#projects`}
          className="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Create a project
        </Link>
      ) : null}
    </div>
  );
}
