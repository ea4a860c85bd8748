import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(import.meta.dirname, "src") };
// Without a database server, integration tests share one embedded PostgreSQL and run one file at a time.
const hasServer = Boolean(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL);

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          environment: "node",
          sequence: { groupOrder: 0 },
          include: ["src/**/*.test.ts", "scripts/**/*.test.ts", "tests/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          server: { deps: { inline: ["next-auth"] } },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          environment: "node",
          sequence: { groupOrder: 1 },
          include: [
            "src/**/*.int.test.ts",
            "scripts/**/*.int.test.ts",
            "tests/**/*.int.test.ts",
            "prisma/**/*.int.test.ts",
          ],
          globalSetup: ["tests/global-setup.ts"],
          setupFiles: ["tests/setup-db.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: "forks",
          fileParallelism: hasServer,
          // The suites make hundreds of calls a minute as one user; rate limits have their own tests.
          env: { RATE_LIMIT_MAX: "1000000", RATE_LIMIT_LOGIN_MAX: "10000", UPLOAD_DIR: ".data/test-uploads" },
          maxWorkers: 2,
          server: { deps: { inline: ["next-auth"] } },
        },
      },
      {
        // Development tooling, not the app (tools/): no app database; the Prisma CLI and PGlite runs are
        // CPU-heavy, so they come after the integration tests.
        resolve: { alias },
        test: {
          name: "tools",
          environment: "node",
          sequence: { groupOrder: 2 },
          include: ["tools/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: "forks",
          maxWorkers: 2,
        },
      },
    ],
  },
});
