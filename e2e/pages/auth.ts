import { expect, type Page } from "@playwright/test";
import { linkFromMail } from "./mailbox";

export type Credentials = { name: string; email: string; password: string };

export function newCredentials(prefix = "person"): Credentials {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `${prefix} ${id}`, email: `${prefix}-${id}@example.test`, password: `correct horse ${id}` };
}

export class AuthPage {
  constructor(readonly page: Page) {}

  async signUp(who: Credentials) {
    await this.page.goto("/sign-up");
    await this.page.getByLabel("Name").fill(who.name);
    await this.page.getByLabel("Email").fill(who.email);
    await this.page.getByLabel("Password", { exact: true }).fill(who.password);
    await this.page.getByRole("button", { name: "Create account" }).click();
    await expect(this.page.getByText(`We sent a link to ${who.email}`)).toBeVisible();
  }

  async verifyEmail(who: Credentials) {
    await this.page.goto(await linkFromMail(who.email, "/verify-email"));
    await expect(this.page.getByText("Your email is confirmed")).toBeVisible();
  }

  async fillSignIn(who: Pick<Credentials, "email" | "password">, path = "/sign-in") {
    await this.page.goto(path);
    await this.page.getByLabel("Email").fill(who.email);
    await this.page.getByLabel("Password", { exact: true }).fill(who.password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  formAlert() {
    return this.page.locator("form [role=alert]");
  }

  async signIn(who: Pick<Credentials, "email" | "password">, path = "/sign-in") {
    await this.fillSignIn(who, path);
    await expect(this.page).not.toHaveURL(/\/sign-in/);
  }

  async signUpAndSignIn(who: Credentials) {
    await this.signUp(who);
    await this.verifyEmail(who);
    await this.signIn(who);
  }

  async signOut() {
    await this.page.goto("/sign-out");
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }
}
