// `npm run lighthouse`: Lighthouse 12 with its default mobile preset, in Debian's Chromium, against a
// production build (built first when there is none), signed in as the seeded demo account, on the
// board, list, task and My work pages, and signed out on the sign-in page as a reference (a page that
// answers 404 is reported as skipped, with why). Prints per page the performance and accessibility scores, LCP, TBT, CLS
// and the first-load JavaScript (the script responses of the page load as transferred: gzip, headers
// included), then the budgets. A measuring tool: exits 0 unless something broke; `--strict` exits 1
// when a budget is missed. `--runs N` measures each page N times and prints the median of each figure; `--details` prints,
// per page, where the main thread's time went, the longest tasks and the LCP element.
// CHROMIUM_PATH overrides /usr/bin/chromium; LIGHTHOUSE_PORT (default 3200) is the app's port.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../e2e/chromium";

const ROOT = path.resolve(import.meta.dirname, "..");
const CHROMIUM = CHROMIUM_PATH;
const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 3200);
const ORIGIN = `http://localhost:${PORT}`;
const STRICT = process.argv.includes("--strict");
const DETAILS = process.argv.includes("--details");
const runsIndex = process.argv.indexOf("--runs");
const RUNS = runsIndex > 0 ? Number(process.argv[runsIndex + 1]) : 1;
const KIB = 1024;

// The seeded demo workspace (src/server/demo/seed.ts): workspace "demo", project WEB, its task 1.
const DEMO = { email: "demo@taskmanager.local", password: "demo-password" };
// The sign-in page, measured signed out and held to no budget, is the reference: the same shell with
// little script, so its figures show what this machine's load allows any page in the same run.
const ALL_PAGES: { name: string; path: string; reference?: true }[] = [
  { name: "board", path: "/w/demo/p/WEB/board" },
  { name: "list", path: "/w/demo/p/WEB" },
  { name: "task", path: "/w/demo/t/WEB-1" },
  { name: "my work", path: "/w/demo/my-work" },
  { name: "sign-in", path: "/sign-in", reference: true },
];
// `--pages board,list` measures only those.
const pagesIndex = process.argv.indexOf("--pages");
const ONLY = pagesIndex > 0 ? (process.argv[pagesIndex + 1] ?? "").split(",") : null;
const PAGES = ONLY ? ALL_PAGES.filter((page) => ONLY.includes(page.name)) : ALL_PAGES;
const BUDGETS = { performance: 95, accessibility: 100, boardScriptKib: 150 };
const CHROME_FLAGS = ["--headless=new", ...CHROMIUM_FLAGS];

type Figures = { performance: number; accessibility: number; lcp: number; tbt: number; cls: number; scriptKib: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// The app as the e2e tests run it: `scripts/dev.ts --production --seed`, on a fresh embedded database.
function startApp(dataDir: string): { child: ChildProcess; output: string[] } {
  const output: string[] = [];
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "scripts/dev.ts"), "--production", "--seed"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(PORT),
        EMBEDDED_DATA_DIR: path.join(dataDir, "pglite"),
        MAIL_DIR: path.join(dataDir, "mail"),
        UPLOAD_DIR: path.join(dataDir, "uploads"),
        BACKUP_DIR: path.join(dataDir, "backups"),
        RATE_LIMIT_MAX: "5000",
        RATE_LIMIT_LOGIN_MAX: "200",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  for (const stream of [child.stdout, child.stderr])
    stream?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  return { child, output };
}

async function waitForHealth(child: ChildProcess, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(`${ORIGIN}/api/v1/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await sleep(500);
  }
  throw new Error(`the app did not answer ${ORIGIN}/api/v1/health within ${timeoutMs / 1000} s`);
}

async function stopApp(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

// Signs in through the sign-in page and returns the session cookies as a Cookie header.
async function signIn(): Promise<string> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${ORIGIN}/sign-in`);
    await page.getByLabel("Email").fill(DEMO.email);
    await page.getByLabel("Password", { exact: true }).fill(DEMO.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 30_000 });
    const cookies = await page.context().cookies(ORIGIN);
    if (!cookies.some((cookie) => cookie.name.endsWith("authjs.session-token"))) {
      throw new Error("signing in set no session cookie");
    }
    return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

async function measure(url: string, chromePort: number, cookie: string | null): Promise<Figures> {
  const result = await lighthouse(url, {
    port: chromePort,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance", "accessibility"],
    ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const landed = new URL(lhr.finalDisplayedUrl);
  if (landed.pathname !== new URL(url).pathname) throw new Error(`${url} ended on ${landed.pathname}: not signed in?`);
  for (const warning of lhr.runWarnings) console.warn(`  warning (${new URL(url).pathname}): ${warning}`);
  if (DETAILS) printDetails(new URL(url).pathname, lhr.audits);
  const numeric = (id: string) => {
    const value = lhr.audits[id]?.numericValue;
    if (value === undefined) throw new Error(`Lighthouse gave no ${id} for ${url}`);
    return value;
  };
  const requests = lhr.audits["network-requests"]?.details;
  if (requests?.type !== "table") throw new Error(`Lighthouse gave no network requests for ${url}`);
  const scriptBytes = requests.items
    .filter((item) => item.resourceType === "Script")
    .reduce((sum, item) => sum + (typeof item.transferSize === "number" ? item.transferSize : 0), 0);
  return {
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
    lcp: numeric("largest-contentful-paint"),
    tbt: numeric("total-blocking-time"),
    cls: numeric("cumulative-layout-shift"),
    scriptKib: scriptBytes / KIB,
  };
}

type Audits =
  Awaited<ReturnType<typeof lighthouse>> extends infer R ? (R extends { lhr: { audits: infer A } } ? A : never) : never;

// `--details`: where the main thread's time went, the longest tasks and the LCP element, per page.
function printDetails(page: string, audits: Audits) {
  const rows = (id: string) => {
    const details = audits[id]?.details;
    return details && "items" in details && Array.isArray(details.items)
      ? (details.items as Record<string, unknown>[])
      : [];
  };
  const ms = (value: unknown) => `${Math.round(Number(value))} ms`;
  console.log(`\n${page}`);
  console.log(
    `  main thread: ${rows("mainthread-work-breakdown")
      .slice(0, 6)
      .map((r) => `${String(r.groupLabel ?? r.group)} ${ms(r.duration)}`)
      .join(", ")}`,
  );
  for (const r of rows("bootup-time").slice(0, 5))
    console.log(`  script ${String(r.url).replace(ORIGIN, "")}: ${ms(r.total)} (evaluation ${ms(r.scripting)})`);
  for (const r of rows("long-tasks").slice(0, 5))
    console.log(`  long task at ${ms(r.startTime)}: ${ms(r.duration)} ${String(r.url).replace(ORIGIN, "")}`);
  const lcp = rows("largest-contentful-paint-element")[0];
  const node = lcp && "items" in lcp ? (lcp.items as { node?: { snippet?: string } }[])[0]?.node?.snippet : undefined;
  if (node) console.log(`  LCP element: ${node.slice(0, 160)}`);
}

function table(rows: string[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows)
    console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
}

async function main() {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error("--runs takes a whole number of at least 1");
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    console.log("No production build (.next/BUILD_ID): running `npm run build` first.");
    const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    if (build.status !== 0) throw new Error("`npm run build` failed");
  }

  const taken = await fetch(`${ORIGIN}/api/v1/health`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`something already answers on port ${PORT}; set LIGHTHOUSE_PORT to a free one`);

  const dataDir = mkdtempSync(path.join(tmpdir(), "taskmanager-lighthouse-"));
  const app = startApp(dataDir);
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    await waitForHealth(app.child);
    const cookie = await signIn();
    chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: "error" });
    console.log(`Lighthouse 12, default mobile preset, ${RUNS} run(s) per page (median), ${ORIGIN}\n`);

    const results: { name: string; path: string; figures: Figures }[] = [];
    const skipped: { name: string; path: string; why: string }[] = [];
    for (const page of PAGES) {
      // A page not built yet (or gone) is named as skipped rather than measured as an error page.
      const status = await fetch(`${ORIGIN}${page.path}`, {
        headers: page.reference ? {} : { Cookie: cookie },
        redirect: "manual",
      }).then((res) => res.status);
      if (status === 404) {
        skipped.push({ ...page, why: `${page.path} answers 404 Not Found: the page does not exist in this build` });
        continue;
      }
      const runs: Figures[] = [];
      for (let i = 0; i < RUNS; i++)
        runs.push(await measure(`${ORIGIN}${page.path}`, chrome.port, page.reference ? null : cookie));
      const pick = (key: keyof Figures) => median(runs.map((run) => run[key]));
      results.push({
        ...page,
        figures: {
          performance: pick("performance"),
          accessibility: pick("accessibility"),
          lcp: pick("lcp"),
          tbt: pick("tbt"),
          cls: pick("cls"),
          scriptKib: pick("scriptKib"),
        },
      });
    }

    table([
      ["page", "path", "perf", "a11y", "LCP", "TBT", "CLS", "first-load JS"],
      ...results.map(({ name, path: pagePath, figures: f }) => [
        name,
        pagePath,
        String(f.performance),
        String(f.accessibility),
        `${(f.lcp / 1000).toFixed(1)} s`,
        `${Math.round(f.tbt)} ms`,
        f.cls.toFixed(3),
        `${f.scriptKib.toFixed(1)} KiB`,
      ]),
    ]);
    for (const page of skipped) console.log(`${page.name}: skipped (${page.why})`);

    console.log("\nBudgets");
    const budgets: { label: string; figure: string; met: boolean }[] = [];
    for (const { name, figures } of results.filter((result) => !PAGES.find((p) => p.path === result.path)?.reference)) {
      budgets.push({
        label: `${name} performance ≥ ${BUDGETS.performance}`,
        figure: String(figures.performance),
        met: figures.performance >= BUDGETS.performance,
      });
      budgets.push({
        label: `${name} accessibility = ${BUDGETS.accessibility}`,
        figure: String(figures.accessibility),
        met: figures.accessibility === BUDGETS.accessibility,
      });
    }
    const board = results.find((result) => result.name === "board");
    if (board)
      budgets.push({
        label: `board first-load JS ≤ ${BUDGETS.boardScriptKib} KiB gzip`,
        figure: `${board.figures.scriptKib.toFixed(1)} KiB`,
        met: board.figures.scriptKib <= BUDGETS.boardScriptKib,
      });
    table(budgets.map((budget) => [budget.label, budget.figure, budget.met ? "met" : "not met"]));
    const missed = budgets.filter((budget) => !budget.met).length;
    console.log(`\n${budgets.length - missed} of ${budgets.length} budgets met.`);
    if (STRICT && missed > 0) process.exitCode = 1;
  } catch (error) {
    console.error(app.output.join("").split("\n").slice(-30).join("\n"));
    throw error;
  } finally {
    chrome?.kill();
    await stopApp(app.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
