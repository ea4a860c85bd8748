import { expect, type Page } from "@playwright/test";
import superjson from "superjson";

// The app's own API, called with the signed-in person's session (as their browser would), for the set-up
// a spec is not about: assigning tasks and giving them dates.
export class Api {
  constructor(readonly page: Page) {}

  async query<T>(path: string, input: unknown): Promise<T> {
    const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
    const res = await this.page.request.get(`/api/trpc/${path}?input=${encoded}`);
    expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
    return superjson.deserialize<T>(((await res.json()) as { result: { data: never } }).result.data);
  }

  async mutate<T>(path: string, input: unknown): Promise<T> {
    const res = await this.page.request.post(`/api/trpc/${path}`, { data: superjson.serialize(input) });
    expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
    return superjson.deserialize<T>(((await res.json()) as { result: { data: never } }).result.data);
  }

  async myId(): Promise<string> {
    return (await this.query<{ id: string }>("account.me", undefined)).id;
  }

  async workspaceId(slug: string): Promise<string> {
    const workspaces = await this.query<{ id: string; slug: string }[]>("workspace.list", undefined);
    return workspaces.find((w) => w.slug === slug)!.id;
  }

  async projectId(workspaceId: string, key: string): Promise<string> {
    const projects = await this.query<{ id: string; key: string }[]>("project.list", { workspaceId });
    return projects.find((p) => p.key === key)!.id;
  }

  createTask(input: { projectId: string; title: string; assigneeId?: string | null; dueDate?: Date | null }) {
    return this.mutate<{ id: string; ref: string; version: number }>("task.create", input);
  }
}

/** A calendar day (YYYY-MM-DD) as the API stores it: midnight UTC. */
export const day = (value: string) => new Date(`${value}T00:00:00.000Z`);

/** The viewer's local calendar day, `offset` days from today. */
export function localDayFromToday(offset: number): string {
  const date = new Date();
  date.setDate(date.getDate() + offset);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export class MyWorkPage {
  constructor(readonly page: Page) {}

  async open(slug: string, query = "") {
    await this.page.goto(`/w/${slug}/my-work${query}`);
    await expect(this.page.getByRole("heading", { name: "My work", level: 1 })).toBeVisible();
  }

  rows() {
    return this.page.getByTestId("task-row");
  }

  group(id: string) {
    return this.page.getByTestId(`group-${id}`);
  }

  groupBy(label: "Status" | "Due date") {
    return this.page.getByRole("group", { name: "Group by" }).getByRole("button", { name: label });
  }

  emptyState() {
    return this.page.getByText("Nothing assigned to you");
  }
}
