import { expect, test } from "@playwright/test";
import { expectAccessible } from "./pages/a11y";
import { AuthPage, newCredentials } from "./pages/auth";

test("a person signs up, confirms their email, signs in and signs out", async ({ page }) => {
  const auth = new AuthPage(page);
  const who = newCredentials();
  await auth.signUp(who);

  // Not confirmed yet: sign-in explains what to do and offers a new link.
  await auth.fillSignIn(who);
  await expect(auth.formAlert()).toContainText("Confirm your email first");
  await page.getByRole("button", { name: "Send the confirmation link again" }).click();
  await expect(page.getByText(`We sent a new link to ${who.email}`)).toBeVisible();

  await auth.verifyEmail(who);
  await auth.signIn(who);
  await expect(page).toHaveURL(/\/workspaces\/new/);

  // Signed in: the account page lists this browser's session.
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
  await expect(page.getByText("This browser")).toBeVisible();

  await auth.signOut();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("after signing in, a callbackUrl that points off the site lands on this site instead", async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const auth = new AuthPage(page);
  const who = newCredentials("redirect");
  await auth.signUp(who);
  await auth.verifyEmail(who);
  // A browser drops the tab, so "/\t/evil.example" resolves to "//evil.example", another host.
  await auth.fillSignIn(who, `/sign-in?callbackUrl=${encodeURIComponent("/\t/evil.example/phish")}`);
  await expect(page).toHaveURL(`${origin}/workspaces/new`);

  // A place on this site is still honoured.
  await auth.signOut();
  await auth.signIn(who, `/sign-in?callbackUrl=${encodeURIComponent("/account?from=sign-in")}`);
  await expect(page).toHaveURL(`${origin}/account?from=sign-in`);
});

test("a token is shown once on the account page and listed by its prefix", async ({ page }) => {
  const auth = new AuthPage(page);
  await auth.signUpAndSignIn(newCredentials("tokens"));
  await page.goto("/account");
  await page.getByLabel("Token name").fill("laptop script");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("new-token").textContent()) ?? "";
  expect(secret).toMatch(/^tmk_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByText("laptop script")).toBeVisible();
  await expect(page.getByText(`${secret.slice(0, 12)}…`)).toBeVisible();
  await page.reload();
  await expect(page.getByText("laptop script")).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
});

test("a wrong password gets a clear message", async ({ page }) => {
  const auth = new AuthPage(page);
  await auth.fillSignIn({ email: "nobody@example.test", password: "wrong password" });
  await expect(auth.formAlert()).toContainText("do not match an account");
});

test("sign-up shows inline errors for bad input", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Pat");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#email-error")).toBeVisible();
  await expect(page.locator("#password-error")).toContainText("at least 8");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
});

test("the account pages have no serious accessibility problems", async ({ page }) => {
  for (const path of ["/sign-in", "/sign-up", "/forgot-password", "/reset-password?token=x"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page, path);
  }
  await new AuthPage(page).signUpAndSignIn(newCredentials("a11y"));
  await page.goto("/account");
  await expect(page.getByText("This browser")).toBeVisible();
  await expectAccessible(page, "/account");
});
