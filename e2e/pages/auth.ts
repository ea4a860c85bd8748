import { expect, type Page } from "@playwright/test";

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
    await this.page.getByRole("button", { name: /create account|sign up/i }).click();
  }

  async signIn(who: Pick<Credentials, "email" | "password">) {
    await this.page.goto("/sign-in");
    await this.page.getByLabel("Email").fill(who.email);
    await this.page.getByLabel("Password", { exact: true }).fill(who.password);
    await this.page.getByRole("button", { name: /sign in/i }).click();
    await expect(this.page).not.toHaveURL(/\/sign-in/);
  }
}
