import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TaskDetail } from "~/components/tasks/task-detail";
import { loadWorkspace } from "~/trpc/load";
import { getServerApi } from "~/trpc/server";

type Params = { params: Promise<{ slug: string; ref: string }> };

async function loadTask(slug: string, ref: string) {
  const { workspace } = await loadWorkspace(slug);
  const api = await getServerApi();
  try {
    return await api.task.get({ workspaceId: workspace.id, ref: decodeURIComponent(ref) });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, ref } = await params;
  const task = await loadTask(slug, ref);
  return { title: `${task.ref} ${task.title}` };
}

export default async function TaskPage({ params }: Params) {
  const { slug, ref } = await params;
  const task = await loadTask(slug, ref);
  return <TaskDetail key={task.id} initialTask={task} />;
}
