import type { Metadata } from "next";
import { CalendarView } from "~/components/calendar/calendar-view";
import { parseDay } from "~/components/calendar/calendar-math";
import { loadProject } from "~/trpc/load";

type Props = {
  params: Promise<{ slug: string; key: string }>;
  searchParams: Promise<{ view?: string | string[]; date?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, key } = await params;
  const { project } = await loadProject(slug, key);
  return { title: `${project.name} · Calendar` };
}

export default async function ProjectCalendarPage({ params, searchParams }: Props) {
  const { slug, key } = await params;
  const { project } = await loadProject(slug, key);
  const { view, date } = await searchParams;
  return (
    <CalendarView
      project={{ id: project.id, key: project.key, name: project.name }}
      initialView={view === "week" || view === "month" ? view : null}
      initialDate={typeof date === "string" ? parseDay(date) : null}
    />
  );
}
