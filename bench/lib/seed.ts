import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PROJECTS = 10;

export type BenchDb = {
  url: string;
  projectId: string;
  assigneeId: string;
  searchWord: string;
  perProject: number;
  token: string;
  drop: () => Promise<void>;
};

export function adminUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    "postgresql://postgres@127.0.0.1:5432/postgres"
  );
}

function withDatabase(url: string, name: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function migrate(url: string) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "scripts/prisma.mjs"), "migrate", "deploy"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrate deploy exited ${code}`))));
  });
}

// A fresh, migrated database with one workspace, its members and an API token for the bench user.
export async function benchDatabase(name: string): Promise<BenchDb> {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
  const url = withDatabase(adminUrl(), name);
  await migrate(url);
  const { createApiTokenForBench } = await import("./token");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      INSERT INTO users (id, email, name, created_at, updated_at)
      SELECT 'bench-user-' || g, 'bench' || g || '@bench.test', 'Bench User ' || g, now(), now() FROM generate_series(0, 19) g;
      INSERT INTO workspaces (id, name, slug, created_at, updated_at) VALUES ('bench-ws', 'Bench', 'bench', now(), now());
      INSERT INTO memberships (id, workspace_id, user_id, role, created_at)
      SELECT 'bench-m-' || g, 'bench-ws', 'bench-user-' || g, CASE WHEN g = 0 THEN 'OWNER' ELSE 'MEMBER' END::"Role", now() FROM generate_series(0, 19) g;
      INSERT INTO projects (id, workspace_id, name, key, task_counter, created_at, updated_at)
      SELECT 'bench-p-' || g, 'bench-ws', 'Project ' || g, 'P' || g, 0, now(), now() FROM generate_series(1, ${PROJECTS}) g;
    `);
    const token = await createApiTokenForBench(url, "bench-user-0");
    return {
      url,
      projectId: "bench-p-1",
      assigneeId: "bench-user-3",
      searchWord: "kiwi",
      perProject: 0,
      token,
      drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  } finally {
    await client.end();
  }
}

const WORDS = [
  "apple",
  "banana",
  "cherry",
  "damson",
  "elder",
  "fig",
  "grape",
  "kiwi",
  "lemon",
  "mango",
  "nectarine",
  "olive",
  "peach",
];

// Inserts `count` tasks spread over the projects, statuses, priorities and assignees; returns ms taken.
export async function seedTasks(bench: BenchDb, count: number): Promise<number> {
  const started = Date.now();
  const perProject = Math.ceil(count / PROJECTS);
  bench.perProject = perProject;
  const client = new pg.Client({ connectionString: bench.url });
  await client.connect();
  try {
    const words = `ARRAY[${WORDS.map((w) => `'${w}'`).join(",")}]`;
    await client.query(`
      INSERT INTO tasks (id, workspace_id, project_id, number, title, description, status, priority, position,
                         assignee_id, creator_id, version, created_at, updated_at, due_date)
      SELECT 'bt-' || g, 'bench-ws', 'bench-p-' || (1 + (g - 1) / ${perProject}), 1 + (g - 1) % ${perProject},
             'Task ' || g || ' ' || (${words})[1 + g % 13] || ' ' || (${words})[1 + (g / 13) % 13],
             CASE WHEN g % 7 = 0 THEN 'Details about ' || (${words})[1 + (g / 7) % 13] ELSE '' END,
             (enum_range(NULL::"TaskStatus"))[1 + g % 6], (enum_range(NULL::"TaskPriority"))[1 + (g / 6) % 5],
             lpad(to_hex(g), 8, '0') || '1',
             CASE WHEN g % 4 = 0 THEN NULL ELSE 'bench-user-' || (g % 20) END, 'bench-user-0', 1,
             now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval,
             CASE WHEN g % 3 = 0 THEN now() + ((g % 90) || ' days')::interval END
      FROM generate_series(1, ${count}) g`);
    await client.query(`UPDATE projects SET task_counter = ${perProject}`);
    // VACUUM too: otherwise autovacuum processes the fresh rows in the middle of a measurement.
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
  return Date.now() - started;
}
