import { expect, type Locator, type Page } from "@playwright/test";

export type Property = "Status" | "Priority" | "Assignee" | "Labels" | "Due date";

// The property pickers as a keyboard user drives them: a chip per property, a popover with a search box.
export class PickersPage {
  constructor(readonly page: Page) {}

  rows() {
    return this.page.getByTestId("task-row");
  }

  /** The task number (WEB-3) of a list row or board card. */
  async refOf(row: Locator): Promise<string> {
    const label = (await row.getAttribute("aria-label")) ?? (await row.getAttribute("data-task-ref")) ?? "";
    return label.split(" ")[0]!;
  }

  row(ref: string) {
    return this.page
      .getByTestId("task-row")
      .filter({ has: this.page.getByRole("button", { name: `Status of ${ref}:` }) });
  }

  /** A chip in a row or card ("Priority of WEB-3: High"), or on the task page ("Priority: High"). */
  chip(property: Property, ref?: string) {
    const name = ref ? `${property} of ${ref}: ` : `${property}: `;
    return this.page.getByRole("button", { name: new RegExp(`^${name}`) });
  }

  /** The open picker's search box. */
  search() {
    return this.page.getByRole("dialog").getByRole("combobox");
  }

  /** Presses Tab until the focused element matches, as a keyboard user would; fails after `max` presses. */
  async tabTo(matches: (el: { name: string; testId: string | null; tag: string }) => boolean, max = 80) {
    for (let i = 0; i < max; i++) {
      await this.page.keyboard.press("Tab");
      const focused = await this.page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return {
          name: el?.getAttribute("aria-label") ?? el?.textContent ?? "",
          testId: el?.getAttribute("data-testid") ?? el?.closest("[data-testid]")?.getAttribute("data-testid") ?? null,
          tag: el?.tagName ?? "",
        };
      });
      if (matches(focused)) return;
    }
    throw new Error("Tab never reached the element");
  }

  /** Tabs from the filters into the list, whose one tab stop is the row last focused (at first, the first). */
  async focusFirstRow() {
    await this.page.getByPlaceholder("Search title and description…").focus();
    await this.tabTo((el) => el.tag === "LI" && el.testId === "task-row");
  }

  /** With a picker open: types to filter and picks the first match with Enter. */
  async choose(text: string) {
    await expect(this.search()).toBeFocused();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press("Enter");
  }

  /** Presses `key` (s, p, a, l, d) on the focused or hovered row and picks `text`. */
  async pick(key: string, text: string) {
    await this.page.keyboard.press(key);
    await this.choose(text);
  }

  focusedRowRef() {
    return this.page.evaluate(() => {
      const row = document.activeElement?.closest("[data-task-id]");
      return row?.getAttribute("aria-label")?.split(" ")[0] ?? null;
    });
  }

  /** Calls a tRPC procedure as the signed-in page would (same origin, the session cookie). */
  async call<T>(procedure: string, input: unknown, kind: "query" | "mutation" = "mutation"): Promise<T> {
    return this.page.evaluate(
      async ({ procedure, input, kind }) => {
        const url =
          kind === "query"
            ? `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`
            : `/api/trpc/${procedure}`;
        const res = await fetch(url, {
          method: kind === "query" ? "GET" : "POST",
          headers: { "content-type": "application/json" },
          body: kind === "query" ? undefined : JSON.stringify({ json: input }),
        });
        if (!res.ok) throw new Error(`${procedure}: ${res.status} ${await res.text()}`);
        return ((await res.json()) as { result: { data: { json: unknown } } }).result.data.json;
      },
      { procedure, input, kind },
    ) as Promise<T>;
  }

  /**
   * Adds `count` tasks to the project `key` of the workspace `slug`, one after another so that the
   * list's order (newest position last) is the order of `title(0)`, `title(1)`, ….
   */
  async addTasks(slug: string, key: string, count: number, title: (i: number) => string) {
    const workspaces = await this.call<{ id: string; slug: string }[]>("workspace.list", undefined, "query");
    const workspaceId = workspaces.find((w) => w.slug === slug)!.id;
    const projects = await this.call<{ id: string; key: string }[]>("project.list", { workspaceId }, "query");
    const projectId = projects.find((p) => p.key === key)!.id;
    const titles = Array.from({ length: count }, (_, i) => title(i));
    await this.page.evaluate(
      async ({ projectId, titles }) => {
        for (const title of titles) {
          const res = await fetch("/api/trpc/task.create", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ json: { projectId, title } }),
          });
          if (!res.ok) throw new Error(`task.create: ${res.status} ${await res.text()}`);
        }
      },
      { projectId, titles },
    );
  }
}
