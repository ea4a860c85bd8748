import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "~/components/shell/app-shell";
import { loadWorkspace } from "~/trpc/load";
import { getViewer } from "~/trpc/server";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { workspace, workspaces, projects } = await loadWorkspace(slug);
  const theme = (await cookies()).get("theme")?.value;
  const viewer = await getViewer();
  return (
    <AppShell
      workspace={workspace}
      workspaces={workspaces}
      projects={projects}
      user={viewer}
      theme={theme === "light" || theme === "dark" ? theme : "system"}
    >
      {children}
    </AppShell>
  );
}
