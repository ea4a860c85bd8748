import type { Mail } from "./mailer";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function message(to: string, subject: string, lines: string[], link: { label: string; url: string }): Mail {
  const text = `${lines.join("\n\n")}\n\n${link.label}: ${link.url}\n`;
  const html = `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`;
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

// The same message whether or not the address has an account, so it says how to do either.
export const invitationMail = (
  to: string,
  invitation: { workspace: string; invitedBy: string; role: string; url: string; days: number },
) =>
  message(
    to,
    // A header is one line, whatever the names hold.
    `${invitation.invitedBy} invited you to ${invitation.workspace} on Taskmanager`.replace(/\s+/g, " "),
    [
      `${invitation.invitedBy} invited you to join the workspace “${invitation.workspace}” on Taskmanager as ${invitation.role}.`,
      `Open the link below and sign in with this address (${to}), or create an account with it, to accept or decline. You join only if you accept. The link works once and expires in ${invitation.days} days.`,
      "If you do not know who this is, ignore this email; nothing changes.",
    ],
    { label: "See the invitation", url: invitation.url },
  );
