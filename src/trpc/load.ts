import "server-only";
import { TRPCError } from "@trpc/server";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getServerApi } from "./server";

// Server-side loads shared by the workspace pages; React's cache makes them one query per request.
export const loadWorkspace = cache(async (slug: string) => {
  const api = await getServerApi();
  try {
    const workspaces = await api.workspace.list();
    const workspace = workspaces.find((w) => w.slug === slug);
    if (!workspace) notFound();
    const projects = await api.project.list({ workspaceId: workspace.id, includeArchived: true });
    return { workspace, workspaces, projects };
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") {
      redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/w/${slug}`)}`);
    }
    throw error;
  }
});

export async function loadProject(slug: string, key: string) {
  const data = await loadWorkspace(slug);
  const project = data.projects.find((p) => p.key === key.toUpperCase());
  if (!project) notFound();
  return { ...data, project };
}
