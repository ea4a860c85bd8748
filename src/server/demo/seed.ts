import { recordActivity } from "~/server/activity/service";
import type { Db } from "~/server/db";
import { hashPassword } from "~/server/auth/password";
import { spreadRanks } from "~/server/tasks/rank";
import type { TaskPriority, TaskStatus } from "~/generated/prisma/enums";

export const DEMO_EMAIL = "demo@taskmanager.local";
export const DEMO_PASSWORD = "demo-password";

const STATUSES: TaskStatus[] = ["BACKLOG", "TODO", "IN_PROGRESS", "IN_REVIEW", "DONE", "CANCELLED"];
const PRIORITIES: TaskPriority[] = ["NONE", "LOW", "MEDIUM", "HIGH", "URGENT"];

const WEB_TASKS = [
  "Design the landing page hero",
  "Set up the marketing site analytics",
  "Write the pricing page copy",
  "Add dark mode to the docs",
  "Fix the broken footer links",
  "Compress the screenshots on the home page",
  "Add an RSS feed to the changelog",
  "Translate the home page into German",
  "Audit colour contrast on buttons",
  "Make the navigation keyboard accessible",
  "Add Open Graph images",
  "Set up redirects from the old blog",
  "Write the security page",
  "Add a status page link to the footer",
  "Publish the November changelog",
  "Add customer logos",
  "Replace the contact form with a mailto link",
  "Measure Largest Contentful Paint on mobile",
  "Add a sitemap",
  "Move fonts to a local stack",
  "Review the cookie banner wording",
  "Add structured data for the product",
  "Fix layout shift in the header",
  "Add a 404 page illustration",
  "Write the onboarding guide",
  "Record the product tour video",
  "Add search to the docs",
  "Clean up unused CSS",
  "Update the team page",
  "Add testimonials section",
];

const API_TASKS = [
  "Add cursor pagination to the task list",
  "Rate-limit the login endpoint",
  "Cache workspace membership checks",
  "Write the typed client example",
  "Add a health check for Redis",
  "Index tasks by project and status",
  "Return zod issues on bad input",
  "Log a request id on every line",
  "Add personal API tokens",
  "Expire sessions after seven days",
  "Stream backups to object storage",
  "Verify backups before restore",
  "Add full-text search over tasks",
  "Record activity in the same transaction",
  "Handle stale versions with CONFLICT",
  "Bulk update task status",
  "Add labels with colours",
  "Soft-delete tasks to a trash",
  "Purge the trash after 30 days",
  "Add subtasks",
  "Send verification emails",
  "Add password reset",
  "Document every environment variable",
  "Add a preview deploy per pull request",
  "Run migrations in a pre-deploy step",
  "Add security headers",
  "Wire Sentry for the server",
  "Add comments to tasks",
  "Benchmark task.list at 100 000 tasks",
  "Autoscale between 2 and 10 instances",
];

const LABELS = [
  { name: "bug", color: "#dc2626" },
  { name: "feature", color: "#2563eb" },
  { name: "design", color: "#db2777" },
  { name: "docs", color: "#16a34a" },
  { name: "performance", color: "#ea580c" },
];

export type SeedResult = { created: boolean; userId: string; workspaceId: string; tasks: number };

// Seeds the demo account, one workspace, two projects and 60 tasks spread over every status; a quarter
// of each project's tasks are the demo account's own, so My work has something in both projects.
// Running it again changes nothing.
export async function seedDemo(db: Db): Promise<SeedResult> {
  const existing = await db.user.findUnique({
    where: { email: DEMO_EMAIL },
    select: { id: true, memberships: { select: { workspaceId: true }, take: 1 } },
  });
  if (existing?.memberships[0]) {
    const tasks = await db.task.count({ where: { workspaceId: existing.memberships[0].workspaceId } });
    return { created: false, userId: existing.id, workspaceId: existing.memberships[0].workspaceId, tasks };
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.$transaction(
    async (tx) => {
      const user = await tx.user.upsert({
        where: { email: DEMO_EMAIL },
        update: {},
        create: { email: DEMO_EMAIL, name: "Demo User", passwordHash, emailVerified: new Date() },
        select: { id: true },
      });
      const teammate = await tx.user.upsert({
        where: { email: "alex@taskmanager.local" },
        update: {},
        create: { email: "alex@taskmanager.local", name: "Alex Rivera", emailVerified: new Date() },
        select: { id: true },
      });
      const workspace = await tx.workspace.create({
        data: {
          name: "Demo Workspace",
          slug: "demo",
          memberships: {
            create: [
              { userId: user.id, role: "OWNER" },
              { userId: teammate.id, role: "MEMBER" },
            ],
          },
        },
        select: { id: true },
      });
      await tx.label.createMany({ data: LABELS.map((label) => ({ ...label, workspaceId: workspace.id })) });
      const labels = await tx.label.findMany({ where: { workspaceId: workspace.id }, select: { id: true } });

      let total = 0;
      for (const [key, name, titles] of [
        ["WEB", "Website", WEB_TASKS],
        ["API", "Platform API", API_TASKS],
      ] as const) {
        const project = await tx.project.create({
          data: { workspaceId: workspace.id, key, name, taskCounter: titles.length },
          select: { id: true },
        });
        const byStatus = new Map<TaskStatus, number>();
        const assigned = titles.map((title, i) => {
          const status = STATUSES[i % STATUSES.length]!;
          const indexInColumn = byStatus.get(status) ?? 0;
          byStatus.set(status, indexInColumn + 1);
          return { title, i, status, indexInColumn };
        });
        const ranks = new Map<TaskStatus, string[]>(
          [...byStatus].map(([status, count]) => [status, spreadRanks(count)]),
        );
        const now = Date.now();
        // Due dates are calendar days, stored at midnight UTC.
        const today = Math.floor(now / 86_400_000) * 86_400_000;
        await tx.task.createMany({
          data: assigned.map(({ title, i, status, indexInColumn }) => ({
            workspaceId: workspace.id,
            projectId: project.id,
            number: i + 1,
            title,
            description: i % 3 === 0 ? `Notes for **${title}**.\n\n- first step\n- second step` : "",
            status,
            priority: PRIORITIES[i % PRIORITIES.length]!,
            position: ranks.get(status)![indexInColumn]!,
            assigneeId: i % 4 === 0 ? teammate.id : i % 4 === 1 ? user.id : null,
            creatorId: user.id,
            dueDate: i % 5 === 0 ? new Date(today + (i - 10) * 86_400_000) : null,
            completedAt: status === "DONE" ? new Date(now - i * 3_600_000) : null,
          })),
        });
        const tasks = await tx.task.findMany({
          where: { projectId: project.id },
          select: { id: true, number: true },
          orderBy: { number: "asc" },
        });
        await tx.taskLabel.createMany({
          data: tasks.flatMap((task) =>
            task.number % 2 === 0 ? [{ taskId: task.id, labelId: labels[task.number % labels.length]!.id }] : [],
          ),
        });
        await recordActivity(
          tx,
          tasks.map((task) => ({
            workspaceId: workspace.id,
            projectId: project.id,
            taskId: task.id,
            actorId: user.id,
            action: "task.created",
          })),
        );
        const first = tasks[0];
        if (first) {
          await tx.comment.create({
            data: { taskId: first.id, authorId: teammate.id, body: "I can pick this up next week." },
          });
        }
        total += tasks.length;
      }
      return { created: true, userId: user.id, workspaceId: workspace.id, tasks: total };
    },
    { timeout: 60_000 },
  );
}
