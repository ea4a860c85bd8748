// `npm run bench:notifications`: the time a comment takes to answer on a task with 1 000 followers
// against the same comment on a task with none, in the same run on the same database; the time the
// followers' notifications then take to be written (one statement, right after the comment commits);
// and the statements one popular comment sends. Needs PostgreSQL (as bench:tasks).
import { captureStatements } from "../tests/statements";
import { adminUrl, benchDatabase } from "./lib/seed";

const NAME = "tm_bench_notifications";
// The app reads DATABASE_URL once, at its first import: pointed at the bench database before anything.
process.env.BENCH_DATABASE_URL = adminUrl();
const target = new URL(adminUrl());
target.pathname = `/${NAME}`;
process.env.DATABASE_URL = target.toString();

const FOLLOWERS = Number(process.env.BENCH_FOLLOWERS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

const bench = await benchDatabase(NAME);
const { db } = await import("~/server/db");
const { createCaller } = await import("~/server/api/root");
const { createContext } = await import("~/server/api/trpc");
const { fanoutsSettled } = await import("~/server/notifications/service");

const author = { id: "bench-user-1", email: "bench1@bench.test", name: "Bench User 1" };
const caller = createCaller(
  createContext({ headers: new Headers(), session: { user: author, via: "session", sessionId: null } }),
);

// The followers: people of the workspace who follow the popular task.
await db.$executeRawUnsafe(`
  INSERT INTO users (id, email, name, created_at, updated_at)
  SELECT 'bench-follower-' || g, 'follower' || g || '@bench.test', 'Follower ' || g, now(), now()
  FROM generate_series(1, ${FOLLOWERS}) g;
  INSERT INTO memberships (id, workspace_id, user_id, role, created_at)
  SELECT 'bench-fm-' || g, 'bench-ws', 'bench-follower-' || g, 'VIEWER', now() FROM generate_series(1, ${FOLLOWERS}) g;
`);
const quiet = await caller.task.create({ projectId: bench.projectId, title: "Quiet task" });
const popular = await caller.task.create({ projectId: bench.projectId, title: "Popular task" });
await db.$executeRawUnsafe(`
  INSERT INTO task_followers (task_id, user_id, created_at)
  SELECT '${popular.id}', 'bench-follower-' || g, now() FROM generate_series(1, ${FOLLOWERS}) g;
`);

// As autovacuum would have by now on a real database: the planner knows the tables' sizes.
await db.$executeRawUnsafe("ANALYZE");

// The comment's answer time; then the followers' notifications, written right after it commits, are
// waited for (outside the timing) so that each round starts with no work left over.
const fanoutMs: number[] = [];
async function timed(taskId: string): Promise<number> {
  const started = performance.now();
  await caller.comment.add({ taskId, body: "A comment everyone following hears about" });
  const answered = performance.now();
  await fanoutsSettled();
  if (taskId === popular.id) fanoutMs.push(performance.now() - answered);
  return answered - started;
}

// Warm up both paths, then alternate so that drift in the machine falls on both alike.
for (let i = 0; i < 5; i++) {
  await timed(quiet.id);
  await timed(popular.id);
}
const times = { quiet: [] as number[], popular: [] as number[] };
for (let i = 0; i < ROUNDS; i++) {
  times.quiet.push(await timed(quiet.id));
  times.popular.push(await timed(popular.id));
}

// The statements one popular comment sends, as PostgreSQL receives them.
const sent = await captureStatements(() => timed(popular.id));
fanoutMs.pop();

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const row = (name: string, values: number[]) =>
  `${name.padEnd(28)} p50 ${percentile(values, 50).toFixed(1).padStart(6)} ms   p90 ${percentile(values, 90).toFixed(1).padStart(6)} ms`;

const perComment = await db.notification.count({ where: { taskId: popular.id } });
console.log(`comment.add, ${ROUNDS} rounds each, alternating`);
console.log(row("no followers", times.quiet));
console.log(row(`${FOLLOWERS} followers`, times.popular));
console.log(row(`then telling ${FOLLOWERS}`, fanoutMs));
console.log(`ratio (p50): ${(percentile(times.popular, 50) / percentile(times.quiet, 50)).toFixed(2)}×   target ≤ 2×`);
console.log(
  `one popular comment: ${sent.statements.length} statements, ${sent.notificationInserts} INSERT into notifications, ` +
    `${sent.transactions} transaction (the comment's; the fan-out is one statement); ` +
    `${Math.round(perComment / (ROUNDS + 6))} notifications per comment`,
);

await db.$disconnect();
if (!process.env.BENCH_KEEP) await bench.drop();
