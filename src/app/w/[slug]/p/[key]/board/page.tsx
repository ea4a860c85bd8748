import type { Metadata } from "next";
import { boardColumnInput } from "~/components/tasks/board/columns";
import { BoardView } from "~/components/tasks/board-view";
import { STATUSES } from "~/lib/task-meta";
import { loadProject } from "~/trpc/load";
import { Prefetched } from "~/trpc/prefetch";
import { getServerApi } from "~/trpc/server";

type Params = { params: Promise<{ slug: string; key: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug, key } = await params;
  const { project } = await loadProject(slug, key);
  return { title: `${project.name} · Board` };
}

export default async function ProjectBoardPage({ params }: Params) {
  const { slug, key } = await params;
  const { project } = await loadProject(slug, key);
  const api = await getServerApi();
  // The first page of every column comes with the HTML, under the keys the board's queries use.
  const queries = STATUSES.map((s) => {
    const input = boardColumnInput(project.id, s.value);
    return { kind: "infinite" as const, path: "task.list", input, fetch: () => api.task.list(input) };
  });
  return (
    <Prefetched queries={queries}>
      <BoardView project={{ id: project.id, key: project.key, name: project.name }} />
    </Prefetched>
  );
}
