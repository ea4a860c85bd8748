// `npm run bench:ui`: how the board and the list hold up with 10 000 open tasks in one project,
// against a 100-task project in the same run. Seeds both projects with SQL, starts the production app
// (`npm start`'s server) on them, signs in in Debian's Chromium (Playwright) and, per view and size:
// opens the page, scrolls (the list: the page, down through several thousand rows as its pages load;
// the board: the Todo column, as its pages load) and prints frames per second while scrolling (from
// requestAnimationFrame intervals: mean fps and 95th-percentile frame time), DOM elements and JS heap
// after load and after scrolling, and the ratio of the large project to the small one.
// Needs a PostgreSQL server (BENCH_DATABASE_URL, else TEST_DATABASE_URL / DATABASE_URL, else
// postgresql://postgres@127.0.0.1:5432/postgres) and a production build (built here when missing).
// BENCH_UI_TASKS (default 10000) sets the large size; BENCH_UI_SCROLL_MS (default 15000) the longest
// scroll per view; BENCH_UI_PORT (default 3213) the app's port.
import { chromium, type Page } from "@playwright/test";
import pg from "pg";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../e2e/chromium";
import { ensureBuild, startApp, waitFor } from "./lib/app";
import { benchDatabase } from "./lib/seed";

const LARGE = Number(process.env.BENCH_UI_TASKS ?? 10_000);
const SMALL = 100;
const SCROLL_MS = Number(process.env.BENCH_UI_SCROLL_MS ?? 15_000);
const PORT = Number(process.env.BENCH_UI_PORT ?? 3213);
const ORIGIN = `http://localhost:${PORT}`;
const USER = { email: "bench0@bench.test", password: "bench-ui-password" };
// The list scrolls until this many rows have passed (or SCROLL_MS is up).
const LIST_ROWS = 3_000;
const MIB = 1024 * 1024;

type Snapshot = { dom: number; heapMib: number };
type Scroll = { fps: number; p95: number; frames: number; distance: number; items: number };
type Result = { view: string; size: number; load: Snapshot; scroll: Scroll; after: Snapshot };

// Open tasks only (Backlog, Todo, In progress, In review), spread evenly over the four columns.
async function seed(url: string, project: string, count: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO tasks (id, workspace_id, project_id, number, title, description, status, priority, position,
                          assignee_id, creator_id, version, created_at, updated_at, due_date)
       SELECT $1 || '-' || g, 'bench-ws', $1, g, 'Task ' || g || ' of the bench', '',
              (ARRAY['BACKLOG','TODO','IN_PROGRESS','IN_REVIEW'])[1 + g % 4]::"TaskStatus",
              (enum_range(NULL::"TaskPriority"))[1 + g % 5], lpad(to_hex(g), 8, '0') || '1',
              CASE WHEN g % 3 = 0 THEN NULL ELSE 'bench-user-' || (g % 20) END, 'bench-user-0', 1,
              now() - (g || ' seconds')::interval, now(), CASE WHEN g % 4 = 0 THEN now() + ((g % 60) || ' days')::interval END
       FROM generate_series(1, $2::int) g`,
      [project, count],
    );
    await client.query("UPDATE projects SET task_counter = $2 WHERE id = $1", [project, count]);
  } finally {
    await client.end();
  }
}

async function prepareUser(url: string) {
  const { hashPassword } = await import("../src/server/auth/password");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("UPDATE users SET password_hash = $1, email_verified = now() WHERE id = 'bench-user-0'", [
      await hashPassword(USER.password),
    ]);
  } finally {
    await client.end();
  }
}

async function snapshot(page: Page): Promise<Snapshot> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("Performance.enable");
    const { metrics } = await cdp.send("Performance.getMetrics");
    const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
    const dom = await page.evaluate(() => document.getElementsByTagName("*").length);
    return { dom, heapMib: heap / MIB };
  } finally {
    await cdp.detach();
  }
}

// Scrolls `selector` (or the page) a fixed step per animation frame, recording every frame's interval,
// until `done` holds or SCROLL_MS is up. `itemSelector` counts what is loaded at the end.
async function scroll(page: Page, target: string | null, itemSelector: string, countItem: string | null) {
  return page.evaluate(
    async ({ target, itemSelector, countItem, maxMs, rows }) => {
      const element = target ? document.querySelector<HTMLElement>(target) : null;
      const scroller: { top: () => number; by: (dy: number) => void } = element
        ? { top: () => element.scrollTop, by: (dy) => element.scrollBy(0, dy) }
        : { top: () => window.scrollY, by: (dy) => window.scrollBy(0, dy) };
      const rowHeight = document.querySelector<HTMLElement>(itemSelector)?.offsetHeight ?? 40;
      const goal = rows * rowHeight;
      const deltas: number[] = [];
      const start = performance.now();
      let last = start;
      let distance = 0;
      await new Promise<void>((resolve) => {
        const frame = (now: number) => {
          deltas.push(now - last);
          last = now;
          const before = scroller.top();
          scroller.by(80);
          distance += Math.max(0, scroller.top() - before);
          if (now - start > maxMs || distance >= goal) resolve();
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
      deltas.shift();
      const sorted = [...deltas].sort((a, b) => a - b);
      const mean = deltas.reduce((sum, d) => sum + d, 0) / Math.max(1, deltas.length);
      const count = countItem ? Number(document.querySelector(countItem)?.textContent ?? 0) : 0;
      return {
        fps: 1000 / mean,
        p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
        frames: deltas.length,
        distance,
        items: count || document.querySelectorAll(itemSelector).length,
      };
    },
    { target, itemSelector, countItem, maxMs: SCROLL_MS, rows: LIST_ROWS },
  );
}

async function measure(page: Page, view: "list" | "board", size: number, key: string): Promise<Result> {
  const url = `${ORIGIN}/w/bench/p/${key}${view === "board" ? "/board" : ""}`;
  await page.goto(url);
  const item = view === "board" ? "[data-testid=board-card]" : "[data-testid=task-row]";
  await page.locator(item).first().waitFor({ timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  const load = await snapshot(page);
  let result: Scroll;
  if (view === "board") {
    // A long column scrolls on its own (virtualised); a short one, or one not virtualised, with the page.
    const own = (await page.locator("[data-testid=column-scroller-TODO]").count()) > 0;
    result = await scroll(
      page,
      own ? "[data-testid=column-scroller-TODO]" : null,
      "[data-testid=column-TODO] [data-testid=board-card]",
      "#column-TODO span:last-child",
    );
  } else {
    result = await scroll(page, null, item, null);
  }
  await page.waitForLoadState("networkidle");
  const after = await snapshot(page);
  return { view, size, load, scroll: result, after };
}

function table(rows: string[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows)
    console.log(row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
}

async function main() {
  await ensureBuild();
  console.log(`Seeding ${LARGE} and ${SMALL} open tasks…`);
  const bench = await benchDatabase("taskmanager_bench_ui");
  const app = { child: null as ReturnType<typeof startApp> | null };
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  try {
    await seed(bench.url, "bench-p-1", LARGE);
    await seed(bench.url, "bench-p-2", SMALL);
    await prepareUser(bench.url);
    const client = new pg.Client({ connectionString: bench.url });
    await client.connect();
    await client.query("VACUUM ANALYZE");
    await client.end();

    app.child = startApp(PORT, bench.url, { APP_URL: ORIGIN, AUTH_URL: ORIGIN });
    await waitFor(`${ORIGIN}/api/v1/health`, 120_000);

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // tsx keeps function names with a `__name` helper, which the functions sent to the page call too.
    await context.addInitScript(() => {
      (globalThis as { __name?: unknown }).__name = (fn: unknown) => fn;
    });
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/sign-in`);
    await page.getByLabel("Email").fill(USER.email);
    await page.getByLabel("Password", { exact: true }).fill(USER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 30_000 });

    const results: Result[] = [];
    for (const view of ["board", "list"] as const) {
      // One unmeasured visit first, so both sizes meet a warm server and cached scripts.
      await page.goto(`${ORIGIN}/w/bench/p/P2${view === "board" ? "/board" : ""}`);
      await page.waitForLoadState("networkidle");
      for (const [size, key] of [
        [SMALL, "P2"],
        [LARGE, "P1"],
      ] as const) {
        console.log(`  ${view}, ${size} tasks…`);
        results.push(await measure(page, view, size, key));
      }
    }

    console.log(
      `\nChromium (headless), 1400×900; scroll: 80 px per frame for up to ${SCROLL_MS / 1000} s (list: until ${LIST_ROWS} rows have passed)\n`,
    );
    const fmt = (n: number, digits = 0) => n.toFixed(digits);
    table([
      [
        "view",
        "tasks",
        "fps",
        "p95 frame",
        "frames",
        "scrolled",
        "items at end",
        "DOM load",
        "DOM after",
        "heap load",
        "heap after",
      ],
      ...results.map((r) => [
        r.view,
        String(r.size),
        fmt(r.scroll.fps, 1),
        `${fmt(r.scroll.p95, 1)} ms`,
        String(r.scroll.frames),
        `${fmt(r.scroll.distance)} px`,
        String(r.scroll.items),
        String(r.load.dom),
        String(r.after.dom),
        `${fmt(r.load.heapMib, 1)} MiB`,
        `${fmt(r.after.heapMib, 1)} MiB`,
      ]),
    ]);
    console.log(`\nRatios, ${LARGE} tasks / ${SMALL} tasks (1.00 = no worse with the large project)\n`);
    const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : "–");
    table([
      ["view", "", "fps", "p95 frame", "DOM load", "DOM after", "heap load", "heap after"],
      ...(["board", "list"] as const).map((view) => {
        const small = results.find((r) => r.view === view && r.size === SMALL)!;
        const large = results.find((r) => r.view === view && r.size === LARGE)!;
        return [
          view,
          "",
          ratio(large.scroll.fps, small.scroll.fps),
          ratio(large.scroll.p95, small.scroll.p95),
          ratio(large.load.dom, small.load.dom),
          ratio(large.after.dom, small.after.dom),
          ratio(large.load.heapMib, small.load.heapMib),
          ratio(large.after.heapMib, small.after.heapMib),
        ];
      }),
    ]);
  } finally {
    await browser.close();
    if (app.child && app.child.exitCode === null) {
      const exited = new Promise((resolve) => app.child!.once("exit", resolve));
      app.child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await bench.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
