import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.mjs";

describe("parseEnv", () => {
  it("applies defaults from the original design", () => {
    const env = parseEnv({});
    expect(env.RATE_LIMIT_MAX).toBe(100);
    expect(env.RATE_LIMIT_WINDOW).toBe(60_000);
    expect(env.BACKUP_RETENTION_DAYS).toBe(30);
    expect(env.LOG_LEVEL).toBe("info");
  });

  it("names every malformed variable", () => {
    let message = "";
    try {
      parseEnv({ DATABASE_URL: "mysql://x", RATE_LIMIT_MAX: "lots", LOG_LEVEL: "loud" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("RATE_LIMIT_MAX");
    expect(message).toContain("LOG_LEVEL");
  });

  it("treats an empty value as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", SENTRY_DSN: "" }).DATABASE_URL).toBeUndefined();
  });

  it("requires the database and auth secret for a production server, not for a build", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).not.toThrow();
    expect(() => parseEnv({ NODE_ENV: "production" }, { runtime: true })).toThrow(
      /DATABASE_URL: required[\s\S]*AUTH_SECRET/,
    );
    expect(() =>
      parseEnv(
        { NODE_ENV: "production", DATABASE_URL: "postgresql://h/db", AUTH_SECRET: "x".repeat(32) },
        { runtime: true },
      ),
    ).not.toThrow();
  });

  it("rejects a short auth secret", () => {
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
  });

  it("requires credentials with a backup bucket, and a bucket with any other S3 setting", () => {
    expect(() => parseEnv({ BACKUP_S3_BUCKET: "tm-backups" })).toThrow(
      /BACKUP_S3_ACCESS_KEY_ID: required when BACKUP_S3_BUCKET is set[\s\S]*BACKUP_S3_SECRET_ACCESS_KEY: required/,
    );
    expect(() => parseEnv({ BACKUP_S3_ENDPOINT: "http://127.0.0.1:9000" })).toThrow(
      /BACKUP_S3_ENDPOINT: set, but BACKUP_S3_BUCKET is not/,
    );
    expect(() =>
      parseEnv({ BACKUP_S3_BUCKET: "Not_A_Bucket", BACKUP_S3_ACCESS_KEY_ID: "k", BACKUP_S3_SECRET_ACCESS_KEY: "s" }),
    ).toThrow(/BACKUP_S3_BUCKET: must be a bucket name/);
    const env = parseEnv({
      BACKUP_S3_BUCKET: "tm-backups",
      BACKUP_S3_ACCESS_KEY_ID: "key",
      BACKUP_S3_SECRET_ACCESS_KEY: "secret",
      BACKUP_S3_PREFIX: "taskmanager",
      BACKUP_S3_FORCE_PATH_STYLE: "true",
    });
    expect(env).toMatchObject({
      BACKUP_S3_PREFIX: "taskmanager/",
      BACKUP_S3_FORCE_PATH_STYLE: true,
      BACKUP_S3_REGION: "us-east-1",
    });
    expect(parseEnv({}).BACKUP_S3_PREFIX).toBe("");
  });

  it("requires both keys with an attachments bucket, and a bucket with any other S3 setting", () => {
    expect(() => parseEnv({ S3_BUCKET: "tm-files" })).toThrow(
      /S3_ACCESS_KEY: required when S3_BUCKET is set[\s\S]*S3_SECRET_KEY: required/,
    );
    expect(() => parseEnv({ S3_ENDPOINT: "http://127.0.0.1:9000" })).toThrow(/S3_ENDPOINT: set, but S3_BUCKET is not/);
    expect(() => parseEnv({ S3_UPLOAD_METHOD: "put" })).toThrow(/S3_UPLOAD_METHOD: set, but S3_BUCKET is not/);
    expect(() =>
      parseEnv({ S3_BUCKET: "tm-files", S3_ACCESS_KEY: "k", S3_SECRET_KEY: "s", S3_UPLOAD_METHOD: "patch" }),
    ).toThrow(/S3_UPLOAD_METHOD/);
    const env = parseEnv({
      S3_BUCKET: "tm-files",
      S3_ACCESS_KEY: "k",
      S3_SECRET_KEY: "s",
      S3_FORCE_PATH_STYLE: "true",
    });
    expect(env).toMatchObject({ S3_BUCKET: "tm-files", S3_REGION: "us-east-1", S3_FORCE_PATH_STYLE: true });
    expect(parseEnv({})).toMatchObject({
      UPLOAD_DIR: ".data/uploads",
      MAX_FILE_SIZE: 10_485_760,
      ATTACHMENT_QUOTA_MB: 1024,
    });
    expect(() => parseEnv({ MAX_FILE_SIZE: "0" })).toThrow(/MAX_FILE_SIZE/);
  });

  it("reads ADMIN_EMAILS as a lower-cased list and names a malformed entry", () => {
    expect(parseEnv({ ADMIN_EMAILS: " Ops@Example.com, root@example.org ," }).ADMIN_EMAILS).toEqual([
      "ops@example.com",
      "root@example.org",
    ]);
    expect(parseEnv({}).ADMIN_EMAILS).toEqual([]);
    expect(() => parseEnv({ ADMIN_EMAILS: "ops@example.com, not-an-email" })).toThrow(/ADMIN_EMAILS/);
  });
});
