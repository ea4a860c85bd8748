import type { Mail } from "./mailer";

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function message(to: string, subject: string, lines: string[], link: { label: string; url: string }): Mail {
  const text = `${lines.join("\n\n")}\n\n${link.label}: ${link.url}\n`;
  const html = `${lines.map((l) => `<p>${escape(l)}</p>`).join("")}<p><a href="${escape(link.url)}">${escape(link.label)}</a></p>`;
  return { to, subject, text, html };
}

export const verifyEmailMail = (to: string, url: string) =>
  message(
    to,
    "Confirm your email for Taskmanager",
    [
      "Welcome to Taskmanager.",
      "Confirm your email address to finish creating your account. The link works once and expires in 24 hours.",
    ],
    { label: "Confirm your email", url },
  );

export const accountExistsMail = (to: string, links: { confirmed: boolean; signInUrl: string; resetUrl: string }) =>
  message(
    to,
    "You already have a Taskmanager account",
    [
      "Someone (hopefully you) tried to create a Taskmanager account with this address, which already has one.",
      links.confirmed
        ? `Sign in at ${links.signInUrl}. If you have forgotten your password, choose a new one with the link below. If this was not you, ignore this email; nothing has changed.`
        : "The account was never confirmed. If it is yours, choose a password with the link below: that confirms the address and signs out anyone else. If this was not you, ignore this email.",
      "The link works once and expires in one hour.",
    ],
    { label: "Choose a new password", url: links.resetUrl },
  );

export const resetPasswordMail = (to: string, url: string) =>
  message(
    to,
    "Reset your Taskmanager password",
    [
      "Someone asked to reset the password of the Taskmanager account for this address.",
      "If it was you, choose a new password with the link below. It works once and expires in one hour. If not, ignore this email; your password stays as it is.",
    ],
    { label: "Choose a new password", url },
  );
