import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./e2e/chromium";

const port = Number(process.env.E2E_PORT ?? 3100);

// Runs against a production build (`npm run build` first) in Debian's Chromium; never a downloaded browser.
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_FLAGS,
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: `tsx scripts/dev.ts --production --seed`,
    // A test robot signs in and clicks faster than a person; limits are raised for it.
    env: {
      PORT: String(port),
      MAIL_DIR: ".data/e2e-mail",
      EMBEDDED_DATA_DIR: ".data/e2e-pglite",
      RATE_LIMIT_MAX: "5000",
      RATE_LIMIT_LOGIN_MAX: "200",
      // The seeded demo account administers the instance; its backups go to a folder of their own.
      ADMIN_EMAILS: "demo@taskmanager.local",
      BACKUP_DIR: ".data/e2e-backups",
      // Files attached to tasks are stored on disk, in a folder of their own.
      UPLOAD_DIR: ".data/e2e-uploads",
    },
    url: `http://localhost:${port}/api/v1/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: "pipe",
  },
});
