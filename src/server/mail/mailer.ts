import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { env } from "~/env.mjs";
import { runAfterResponse } from "~/server/after-response";
import { logger } from "~/server/logger";
import { mailDelivery } from "./delivery";

// `headers`: extra header lines (e.g. List-Unsubscribe and List-Unsubscribe-Post on notification email).
export type Mail = { to: string; subject: string; text: string; html: string; headers?: Record<string, string> };

let transport: nodemailer.Transporter | null = null;

function smtp(): nodemailer.Transporter {
  transport ??= nodemailer.createTransport({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASS } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return transport;
}

// Sends through SMTP when configured; otherwise writes the message to the mail folder, where a
// developer (or an end-to-end test) can open the link it carries.
export async function sendMail(mail: Mail): Promise<void> {
  const delivery = mailDelivery();
  if (delivery === "smtp") {
    await smtp().sendMail({ from: env.SMTP_FROM, ...mail });
    return;
  }
  if (delivery === "off") {
    logger.error({ subject: mail.subject }, "email not sent: SMTP_HOST is not configured");
    return;
  }
  const dir = path.resolve(env.MAIL_DIR ?? ".data/mail");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`);
  // Written beside, then renamed: a reader of the folder never sees half a message.
  await writeFile(
    `${file}.part`,
    JSON.stringify({ from: env.SMTP_FROM, ...mail, sentAt: new Date().toISOString() }, null, 2),
  );
  await rename(`${file}.part`, file);
  logger.info({ file, subject: mail.subject }, "email written to the mail folder");
}

// Sends once the response has gone out, so an answer never waits for (or reveals) an email
// (~/server/after-response). Outside a request (tests, scripts) it starts at once.
export function sendMailAfterResponse(mail: Mail): void {
  runAfterResponse(() =>
    sendMail(mail).catch((error: unknown) =>
      logger.error({ err: error, subject: mail.subject }, "sending email failed"),
    ),
  );
}
