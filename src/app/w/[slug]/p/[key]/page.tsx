import type { Metadata } from "next";
import { TaskListView } from "~/components/tasks/task-list-view";
import { loadProject } from "~/trpc/load";

type Params = { params: Promise<{ slug: string; key: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, key } = await params;
  const { project } = await loadProject(slug, key);
  return { title: `${project.name} · List` };
}

export default async function ProjectListPage({ params }: Params) {
  const { slug, key } = await params;
  const { project } = await loadProject(slug, key);
  return <TaskListView project={{ id: project.id, key: project.key, name: project.name }} />;
}
