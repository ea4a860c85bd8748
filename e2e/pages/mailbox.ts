import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

// The e2e server writes emails to this folder (MAIL_DIR in playwright.config.ts).
export const MAIL_DIR = path.resolve(".data/e2e-mail");

export async function linkFromMail(to: string, pathname: string, timeoutMs = 10_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const files = await readdir(MAIL_DIR).catch(() => [] as string[]);
    for (const file of files
      .filter((name) => name.endsWith(".json"))
      .sort()
      .reverse()) {
      const mail = JSON.parse(await readFile(path.join(MAIL_DIR, file), "utf8")) as { to: string; text: string };
      if (mail.to !== to) continue;
      const match = new RegExp(`https?://[^\\s]+${pathname}\\?token=[A-Za-z0-9_-]+`).exec(mail.text);
      if (match) return new URL(match[0]).pathname + new URL(match[0]).search;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no ${pathname} email to ${to}`);
}
