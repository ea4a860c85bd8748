import type { Db } from "~/server/db";
import { logger } from "~/server/logger";
import { flushNotificationEmails } from "~/server/notifications/email";
import { sendDueReminders } from "~/server/notifications/reminders";

// Every few minutes: due-date reminders, then the notification emails that are due (the reminders just
// written among them). Safe to run twice at once or to rerun after a crash: both steps claim what they
// send in the database (~/server/notifications/reminders.ts, email.ts). Shared by the cron route and the CLI.
export async function runNotificationJob(db: Db, now = new Date()) {
  const started = Date.now();
  const reminders = await sendDueReminders(db, now);
  const email = await flushNotificationEmails(db, now);
  const summary = { job: "notifications", reminders, email, ms: Date.now() - started };
  logger.info(summary, "due-date reminders and notification emails sent");
  return summary;
}
