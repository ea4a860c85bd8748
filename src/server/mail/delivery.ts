import { env, type Env } from "~/env.mjs";
import { logger } from "~/server/logger";

/** How email leaves the app: SMTP, files in the mail folder, or not at all. */
export type MailDelivery = "smtp" | "folder" | "off";

// The one place that decides, read by the mailer, the start-up warning, the detailed health check
// and the sign-up page. Outside production the folder is the default (.data/mail); in production
// without SMTP_HOST or MAIL_DIR every email is dropped, so nobody can confirm an address.
export function mailDelivery(config: Pick<Env, "SMTP_HOST" | "MAIL_DIR" | "NODE_ENV"> = env): MailDelivery {
  if (config.SMTP_HOST) return "smtp";
  if (config.MAIL_DIR || config.NODE_ENV !== "production") return "folder";
  return "off";
}

// Said once at start-up, so the operator learns it before the first person fails to sign up.
export function warnIfMailIsOff(delivery = mailDelivery()): void {
  if (delivery !== "off") return;
  logger.warn(
    { mail: delivery },
    "email delivery is off: SMTP_HOST and MAIL_DIR are unset, so no email is sent and nobody can confirm an address or reset a password",
  );
}
