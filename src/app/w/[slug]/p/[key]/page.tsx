import type { Metadata } from "next";
import { listInput, NO_FILTERS } from "~/components/tasks/list/filters";
import { TaskListView } from "~/components/tasks/task-list-view";
import { loadProject } from "~/trpc/load";
import { Prefetched } from "~/trpc/prefetch";
import { getServerApi } from "~/trpc/server";

type Params = { params: Promise<{ slug: string; key: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, key } = await params;
  const { project } = await loadProject(slug, key);
  return { title: `${project.name} · List` };
}

export default async function ProjectListPage({ params }: Params) {
  const { slug, key } = await params;
  const { project } = await loadProject(slug, key);
  const api = await getServerApi();
  // The list opens unfiltered: its first page comes with the HTML, under the key the list's query uses.
  // Unfiltered, the input has no due dates, so the day it is does not enter it.
  const input = listInput(project.id, NO_FILTERS, 0);
  return (
    <Prefetched queries={[{ kind: "infinite", path: "task.list", input, fetch: () => api.task.list(input) }]}>
      <TaskListView project={{ id: project.id, key: project.key, name: project.name }} />
    </Prefetched>
  );
}
