import type { Db } from "~/server/db";
import { logger } from "~/server/logger";
import { flushNotificationEmails } from "~/server/notifications/email";
import { sendDueReminders } from "~/server/notifications/reminders";
import { runFanouts } from "~/server/notifications/service";
import { pruneUnsubscribeTokens } from "~/server/notifications/unsubscribe";

// Every few minutes: notifications to followers that a stopped process left unwritten (a minute old or
// more), due-date reminders, then the notification emails that are due (the reminders just
// written among them), then the unsubscribe links of emails older than 180 days. Safe to run twice at once or to rerun after a crash: both steps claim what they
// send in the database (~/server/notifications/reminders.ts, email.ts). Shared by the cron route and the CLI.
export async function runNotificationJob(db: Db, now = new Date()) {
  const started = Date.now();
  let followers = { fanouts: 0, told: 0 };
  for (;;) {
    const run = await runFanouts(db, { olderThan: new Date(now.getTime() - 60_000) }, now);
    followers = { fanouts: followers.fanouts + run.fanouts, told: followers.told + run.told };
    if (run.fanouts < 500) break;
  }
  const reminders = await sendDueReminders(db, now);
  const email = await flushNotificationEmails(db, now);
  const unsubscribeLinksExpired = await pruneUnsubscribeTokens(db, now);
  const summary = {
    job: "notifications",
    followers,
    reminders,
    email,
    unsubscribeLinksExpired,
    ms: Date.now() - started,
  };
  logger.info(summary, "due-date reminders and notification emails sent");
  return summary;
}
