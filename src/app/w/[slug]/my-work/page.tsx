import type { Metadata } from "next";
import { MyWorkView } from "~/components/my-work/my-work-view";
import { loadWorkspace } from "~/trpc/load";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ group?: string | string[] }>;
};

export const metadata: Metadata = { title: "My work" };

export default async function MyWorkPage({ params, searchParams }: Props) {
  const { slug } = await params;
  await loadWorkspace(slug);
  const { group } = await searchParams;
  return <MyWorkView initialGroup={group === "due" || group === "status" ? group : null} />;
}
