import type { Metadata } from "next";
import { BoardView } from "~/components/tasks/board-view";
import { loadProject } from "~/trpc/load";

type Params = { params: Promise<{ slug: string; key: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, key } = await params;
  const { project } = await loadProject(slug, key);
  return { title: `${project.name} · Board` };
}

export default async function ProjectBoardPage({ params }: Params) {
  const { slug, key } = await params;
  const { project } = await loadProject(slug, key);
  return <BoardView project={{ id: project.id, key: project.key, name: project.name }} />;
}
