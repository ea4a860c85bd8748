import pino from "pino";
import { env } from "~/env.mjs";

// Structured JSON logs. Credentials never reach a log line, whatever the caller passes.
export const logger = pino({
  level: env.NODE_ENV === "test" && !process.env.LOG_LEVEL ? "silent" : env.LOG_LEVEL,
  base: { service: "taskmanager" },
  redact: {
    paths: [
      "password",
      "*.password",
      "*.newPassword",
      "*.currentPassword",
      "token",
      "*.token",
      "authorization",
      "*.authorization",
      "headers.authorization",
      "headers.cookie",
      "*.passwordHash",
    ],
    censor: "[redacted]",
  },
});

export type Logger = pino.Logger;
