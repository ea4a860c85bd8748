import type { Metadata } from "next";
import { listInput, NO_FILTERS } from "~/components/tasks/list/filters";
import { TaskListView } from "~/components/tasks/task-list-view";
import { loadProject } from "~/trpc/load";
import { Prefetched, type Prefetch } from "~/trpc/prefetch";
import { getServerApi } from "~/trpc/server";

type Params = { params: Promise<{ slug: string; key: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, key } = await params;
  const { project } = await loadProject(slug, key);
  return { title: `${project.name} · List` };
}

export default async function ProjectListPage({ params }: Params) {
  const { slug, key } = await params;
  const { project, workspace } = await loadProject(slug, key);
  const api = await getServerApi();
  // The list opens unfiltered: its first page comes with the HTML, under the key the list's query uses
  // (unfiltered, the input has no due dates, so the day it is does not enter it). The filters' member
  // and label choices come too, so the filter bar does not re-wrap when they arrive.
  const input = listInput(project.id, NO_FILTERS, 0);
  const workspaceId = workspace.id;
  const queries: Prefetch[] = [
    { kind: "infinite", path: "task.list", input, fetch: () => api.task.list(input) },
    {
      kind: "query",
      path: "workspace.members",
      input: { workspaceId },
      fetch: () => api.workspace.members({ workspaceId }),
    },
    { kind: "query", path: "label.list", input: { workspaceId }, fetch: () => api.label.list({ workspaceId }) },
  ];
  return (
    <Prefetched queries={queries}>
      <TaskListView project={{ id: project.id, key: project.key, name: project.name }} />
    </Prefetched>
  );
}
