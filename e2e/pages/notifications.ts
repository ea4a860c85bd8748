import { expect, type Page } from "@playwright/test";

// Notifications as a person meets them: the bell in the shell, the inbox, mentions in the editors,
// following a task, and the account page's settings.
export class NotificationsPage {
  constructor(readonly page: Page) {}

  // The bell is named with the unread count: "Notifications" or "Notifications, 3 unread".
  bell() {
    return this.page.getByRole("link", { name: /^Notifications(, \d+ unread)?$/ });
  }

  async expectUnread(count: number, timeout = 10_000) {
    await expect(this.bell()).toHaveAccessibleName(count ? `Notifications, ${count} unread` : "Notifications", {
      timeout,
    });
  }

  async openInbox() {
    await this.bell().click();
    await this.page.waitForURL(/\/inbox$/);
    await expect(this.page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  }

  filter(name: "Unread" | "All" | "Archived") {
    return this.page.getByRole("group", { name: "Show" }).getByRole("button", { name });
  }

  // One line of the inbox, found by what it says ("Bob Baker mentioned you in a comment").
  item(text: string) {
    return this.page.getByTestId("notification").filter({ has: this.page.getByRole("link", { name: text }) });
  }

  itemLink(text: string) {
    return this.page.getByRole("link", { name: text });
  }

  // Types "@" and the start of a name into a Markdown editor, then picks the person from the list.
  async mention(editorLabel: string, typed: string, name: string) {
    const editor = this.page.getByLabel(editorLabel);
    await editor.pressSequentially(`@${typed}`);
    await expect(this.mentionOption(name)).toBeVisible();
    // The editor names the list it suggests from and the suggestion Enter would pick.
    await expect(editor).toHaveAttribute("aria-controls", /.+/);
    await expect(editor).toHaveAttribute("aria-activedescendant", /.+/);
    await editor.press("Enter");
    await expect(this.page.getByRole("listbox", { name: "People to mention" })).toBeHidden();
  }

  // A person in the open autocomplete list.
  mentionOption(name: string) {
    return this.page
      .getByRole("listbox", { name: "People to mention" })
      .getByRole("option", { name: new RegExp(`^${name}`) });
  }

  // A mention as readers see it: a chip with the name, not a link.
  mentionChip(name: string) {
    return this.page.locator(".mention", { hasText: `@${name}` });
  }

  followButton() {
    return this.page.getByRole("button", { name: /^(Follow|Unfollow)$/ });
  }

  settings() {
    return this.page.getByRole("region", { name: "Notifications", exact: true });
  }
}
