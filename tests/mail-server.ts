import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** `text` is the whole message with quoted-printable decoded; `headers` the header block as sent, unfolded. */
export type CapturedMail = { to: string[]; subject: string; text: string; headers: string };

function decodeQuotedPrintable(body: string): string {
  return body
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// A real SMTP server on a random local port; the app sends to it over SMTP like to any other.
export async function startMailServer() {
  const messages: CapturedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        const subject = /^Subject: (.*)$/im.exec(raw)?.[1]?.trim() ?? "";
        // Headers are never quoted-printable: decoding them would turn "token=E0…" into "token=à…".
        const headers = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject,
          text: decodeQuotedPrintable(raw),
          headers,
        });
        waiters.splice(0).forEach((wake) => wake());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;

  async function waitFor(to: string, subject: RegExp, timeoutMs = 10_000): Promise<CapturedMail> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find((m) => m.to.includes(to) && subject.test(m.subject));
      if (found) return found;
      if (Date.now() > end) throw new Error(`no email to ${to} matching ${subject}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  return { port, messages, waitFor, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export function linkToken(mail: CapturedMail, path: string): string {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]{43})`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in "${mail.subject}"`);
  return match[1]!;
}
