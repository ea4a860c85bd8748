// @ts-check
// The one place that reads process.env. Plain ESM so that next.config.mjs can import it and
// stop start-up with a message that names the variable that is missing or malformed.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

const optionalUrl = z.url().optional();
const optionalString = z.string().min(1).optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  APP_URL: z.url().optional(),

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  // The reads made on every call are prepared once per connection. Off ("false") where connections
  // share a session: a transaction-mode pooler older than PgBouncer 1.21, the embedded server.
  // `pgbouncer=true` on DATABASE_URL turns it off too.
  DATABASE_PREPARE: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),

  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
  // Read by Auth.js itself; validated here so a typo stops start-up.
  AUTH_URL: optionalUrl,
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,

  SMTP_HOST: optionalString,
  SMTP_PORT: z.coerce.number().int().min(1).max(65_535).default(587),
  SMTP_USER: optionalString,
  SMTP_PASS: optionalString,
  SMTP_SECURE: bool,
  SMTP_FROM: z.string().min(3).default("Taskmanager <noreply@taskmanager.local>"),
  // Without SMTP, emails are written as files here (development, tests, e2e).
  MAIL_DIR: z.string().optional(),

  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .optional(),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).max(1_000_000).default(100),
  RATE_LIMIT_WINDOW: z.coerce.number().int().min(1_000).max(86_400_000).default(60_000),
  // Password sign-in and reset attempts per minute, per IP and per email.
  RATE_LIMIT_LOGIN_MAX: z.coerce.number().int().min(1).max(10_000).default(5),
  // Reverse proxies in front of `npm start` that each append the address they saw to
  // X-Forwarded-For (Render's load balancer, a self-managed Nginx): 1 each. Unset: 1 on Render, else 0,
  // which believes only the socket. Vercel does not run `npm start`: its edge sets the header itself.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).optional(),

  // Live updates (the live.project subscription). A stream ends after LIVE_STREAM_SECONDS and the
  // client reconnects where it left off: keep it ~20 s under the platform's function limit (Vercel
  // 300 s). Each instance re-reads the event table of every watched project every LIVE_POLL_SECONDS,
  // which repairs a lost Redis publish. Events older than LIVE_EVENT_RETENTION_DAYS are pruned nightly.
  LIVE_STREAM_SECONDS: z.coerce.number().int().min(1).max(86_400).default(280),
  LIVE_POLL_SECONDS: z.coerce.number().min(0.1).max(600).default(10),
  LIVE_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7),

  // Notification email: a person's notifications of one kind wait this long for more, then go in one
  // email (the cron route /api/cron/notifications sends them; run it every few minutes).
  NOTIFICATION_EMAIL_DELAY_MINUTES: z.coerce.number().min(0).max(1440).default(5),

  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SENTRY_DSN: optionalUrl,
  NEXT_PUBLIC_SENTRY_DSN: optionalUrl,
  CORS_ORIGIN: z.string().optional(),

  CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  BACKUP_DIR: z.string().default(".data/backups"),
  BACKUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // Signs each backup's manifest (HMAC-SHA256); a restore then refuses a manifest it did not sign. Kept
  // apart from the bucket, so that whoever can write there cannot forge a backup.
  BACKUP_SIGNING_KEY: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
  // S3-compatible object storage for backups (AWS S3, Cloudflare R2, MinIO). Unset bucket: BACKUP_DIR.
  BACKUP_S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      "must be a bucket name (3-63 lowercase letters, digits, dots, hyphens)",
    )
    .optional(),
  BACKUP_S3_REGION: z.string().min(1).default("us-east-1"),
  BACKUP_S3_ENDPOINT: z
    .url()
    .regex(/^https?:\/\//, "must be an http(s):// URL")
    .optional(),
  BACKUP_S3_ACCESS_KEY_ID: optionalString,
  BACKUP_S3_SECRET_ACCESS_KEY: optionalString,
  // Keys are written under this prefix ("taskmanager/" → taskmanager/taskmanager-….sql.gz).
  BACKUP_S3_PREFIX: z
    .string()
    .regex(
      /^(?!\/)[A-Za-z0-9!_.*'()/-]*$/,
      "must be a key prefix without a leading slash (letters, digits, - _ . / ! * ' ( ))",
    )
    .optional()
    .transform((v) => (v && !v.endsWith("/") ? `${v}/` : (v ?? ""))),
  // MinIO and most self-hosted servers need path-style URLs (endpoint/bucket/key).
  BACKUP_S3_FORCE_PATH_STYLE: bool,
  // Attachments. Files go straight from the browser to an S3-compatible bucket (AWS S3, Cloudflare R2,
  // MinIO) through short-lived signed URLs; the bucket stays private. Without S3_BUCKET they go to
  // UPLOAD_DIR through the app's own upload route (development; a server with a persistent disk).
  UPLOAD_DIR: z.string().min(1).default(".data/uploads"),
  // Largest file, in bytes, checked when the upload is signed, by the storage and on completion.
  MAX_FILE_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(5 * 1024 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  // Storage per workspace for attachments (uploads in progress and files in the trash count).
  ATTACHMENT_QUOTA_MB: z.coerce.number().int().min(1).max(100_000_000).default(1024),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      "must be a bucket name (3-63 lowercase letters, digits, dots, hyphens)",
    )
    .optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ENDPOINT: z
    .url()
    .regex(/^https?:\/\//, "must be an http(s):// URL")
    .optional(),
  S3_ACCESS_KEY: optionalString,
  S3_SECRET_KEY: optionalString,
  S3_FORCE_PATH_STYLE: bool,
  // How browsers upload: "post" (a presigned POST whose policy caps the size; AWS S3, MinIO) or "put"
  // (a presigned PUT with the exact size signed; Cloudflare R2, which has no POST). Unset: "put" for
  // an R2 endpoint, else "post".
  S3_UPLOAD_METHOD: z.enum(["post", "put"]).optional(),
  // Instance administrators (backups page): signed-in users whose verified email is in this list.
  ADMIN_EMAILS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.email("must be a comma-separated list of email addresses"))),

  // Set by the platforms themselves; APP_URL falls back to them (see publicUrl).
  VERCEL_ENV: z.string().optional(),
  VERCEL_PROJECT_PRODUCTION_URL: z.string().optional(),
  VERCEL_BRANCH_URL: z.string().optional(),
  VERCEL_URL: z.string().optional(),
  RENDER_EXTERNAL_URL: optionalUrl,
  // "1" on Vercel, "true" on Render: their disks are gone after each deploy or cron run.
  VERCEL: z.string().optional(),
  RENDER: z.string().optional(),
});

/**
 * The app's public URL for links in emails: APP_URL, else the one Vercel or Render gives the
 * deployment. Never a request's Host header, which whoever asks for a reset link controls.
 * @param {z.infer<typeof schema>} data
 * @returns {string | undefined}
 */
function publicUrl(data) {
  if (data.APP_URL) return data.APP_URL;
  if (data.RENDER_EXTERNAL_URL) return data.RENDER_EXTERNAL_URL;
  const vercelHost =
    data.VERCEL_ENV === "production" ? data.VERCEL_PROJECT_PRODUCTION_URL : (data.VERCEL_BRANCH_URL ?? data.VERCEL_URL);
  return vercelHost ? `https://${vercelHost}` : undefined;
}

/**
 * A bucket needs credentials, and S3 settings without a bucket would silently leave backups on the
 * local disk, which a PaaS throws away on every deploy.
 * @param {z.infer<typeof schema>} data
 * @returns {string[]}
 */
function backupStorageProblems(data) {
  const problems = [];
  if (data.BACKUP_S3_BUCKET) {
    for (const key of /** @type {const} */ (["BACKUP_S3_ACCESS_KEY_ID", "BACKUP_S3_SECRET_ACCESS_KEY"])) {
      if (!data[key]) problems.push(`  ${key}: required when BACKUP_S3_BUCKET is set`);
    }
  } else {
    /** @type {Record<string, unknown>} */
    const s3Settings = {
      BACKUP_S3_ENDPOINT: data.BACKUP_S3_ENDPOINT,
      BACKUP_S3_ACCESS_KEY_ID: data.BACKUP_S3_ACCESS_KEY_ID,
      BACKUP_S3_SECRET_ACCESS_KEY: data.BACKUP_S3_SECRET_ACCESS_KEY,
      BACKUP_S3_PREFIX: data.BACKUP_S3_PREFIX,
    };
    for (const [key, value] of Object.entries(s3Settings)) {
      if (value) problems.push(`  ${key}: set, but BACKUP_S3_BUCKET is not; set the bucket or unset ${key}`);
    }
  }
  return problems;
}

/**
 * The attachments bucket needs both keys, and S3 settings without a bucket would silently keep files
 * on a disk that a PaaS throws away on every deploy.
 * @param {z.infer<typeof schema>} data
 * @returns {string[]}
 */
function attachmentStorageProblems(data) {
  const problems = [];
  if (data.S3_BUCKET) {
    for (const key of /** @type {const} */ (["S3_ACCESS_KEY", "S3_SECRET_KEY"])) {
      if (!data[key]) problems.push(`  ${key}: required when S3_BUCKET is set`);
    }
  } else {
    for (const key of /** @type {const} */ (["S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_UPLOAD_METHOD"])) {
      if (data[key]) problems.push(`  ${key}: set, but S3_BUCKET is not; set the bucket or unset ${key}`);
    }
  }
  return problems;
}

/** @typedef {z.infer<typeof schema> & { TRUSTED_PROXY_HOPS: number }} Env */

/**
 * Parses an environment object. `runtime` adds the variables a running production server cannot
 * start without (a build does not need them).
 * @param {Record<string, string | undefined>} source
 * @param {{ runtime?: boolean }} [options]
 * @returns {Env}
 */
export function parseEnv(source, options = {}) {
  // An empty value counts as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
  const result = schema.safeParse(cleaned);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  if (result.success) problems.push(...backupStorageProblems(result.data), ...attachmentStorageProblems(result.data));
  if (result.success && options.runtime && result.data.NODE_ENV === "production") {
    if (!result.data.DATABASE_URL) problems.push("  DATABASE_URL: required in production");
    if (!result.data.AUTH_SECRET) problems.push("  AUTH_SECRET: required in production");
  }
  if (!result.success || problems.length > 0) {
    throw new Error(`Invalid environment variables:\n${problems.join("\n")}\nSee .env.example.`);
  }
  return {
    ...result.data,
    APP_URL: publicUrl(result.data),
    TRUSTED_PROXY_HOPS: result.data.TRUSTED_PROXY_HOPS ?? (result.data.RENDER ? 1 : 0),
  };
}

/** @type {Env} */
export const env = parseEnv(process.env);
