import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TaskDetail } from "~/components/tasks/task-detail";
import { loadWorkspace } from "~/trpc/load";
import { Prefetched, type Prefetch } from "~/trpc/prefetch";
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
  const { workspace } = await loadWorkspace(slug);
  const api = await getServerApi();
  // The sections below the task come with the HTML too, under the keys their queries use, so the
  // page does not grow as each arrives.
  const taskId = task.id;
  const queries: Prefetch[] = [
    { kind: "query", path: "comment.list", input: { taskId }, fetch: () => api.comment.list({ taskId }) },
    {
      kind: "query",
      path: "activity.forTask",
      input: { taskId, limit: 50 },
      fetch: () => api.activity.forTask({ taskId, limit: 50 }),
    },
    { kind: "query", path: "attachment.list", input: { taskId }, fetch: () => api.attachment.list({ taskId }) },
    {
      kind: "query",
      path: "notification.following",
      input: { taskId },
      fetch: () => api.notification.following({ taskId }),
    },
    {
      kind: "query",
      path: "workspace.members",
      input: { workspaceId: workspace.id },
      fetch: () => api.workspace.members({ workspaceId: workspace.id }),
    },
    {
      kind: "query",
      path: "label.list",
      input: { workspaceId: workspace.id },
      fetch: () => api.label.list({ workspaceId: workspace.id }),
    },
  ];
  return (
    <Prefetched queries={queries}>
      <TaskDetail key={task.id} initialTask={task} />
    </Prefetched>
  );
}
