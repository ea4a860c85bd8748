import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
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

// The people of a test, each in a browser of their own (a fresh context), signed in when given
// credentials; `closeAll` ends them together (after each test, and after the set-up).
export class People {
  private readonly contexts: BrowserContext[] = [];

  constructor(private readonly viewport: { width: number; height: number }) {}

  async open(browser: Browser, who?: Credentials): Promise<Page> {
    const context = await browser.newContext({ viewport: this.viewport });
    this.contexts.push(context);
    const page = await context.newPage();
    if (who) await new AuthPage(page).signIn(who);
    return page;
  }

  /**
   * A workspace of `owner`'s with one project and its tasks, and `member` in it: set up in two browsers
   * that are closed again. Answers the workspace's slug.
   */
  async setUpTeam(
    browser: Browser,
    team: { owner: Credentials; member: Credentials; workspace: string; project: string; key: string; tasks: string[] },
  ): Promise<string> {
    const [a, b] = [await this.open(browser), await this.open(browser)];
    const app = new AppPage(a);
    await new AuthPage(a).signUpAndSignIn(team.owner);
    const slug = await app.createWorkspace(team.workspace);
    await app.createProject(slug, team.project, team.key);
    for (const title of team.tasks) await app.createTask(title);
    await joinAsMember(a, b, slug, team.member);
    await this.closeAll();
    return slug;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.contexts.splice(0).map((c) => c.close()));
  }
}
