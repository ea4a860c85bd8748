import { expect, type Page } from "@playwright/test";
import { AppPage } from "./app";
import { AuthPage, type Credentials } from "./auth";

// A second person joins the workspace as a member, in their own browser: signs up and confirms their
// address, is invited by someone in `inviter`'s browser, and accepts the emailed invitation.
export async function joinAsMember(inviter: Page, invitee: Page, slug: string, person: Credentials) {
  const auth = new AuthPage(invitee);
  await auth.signUp(person);
  await auth.verifyEmail(person);
  const app = new AppPage(inviter);
  await app.invite(slug, person.email, "MEMBER");
  await expect(app.pendingInvitations().getByText(person.email)).toBeVisible();
  await auth.signIn(person);
  const joining = new AppPage(invitee);
  await joining.openInvitationFromEmail(person.email);
  expect(await joining.acceptOpenInvitation()).toBe(slug);
}
