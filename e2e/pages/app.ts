import { expect, type Page } from "@playwright/test";
import { linkFromMail } from "./mailbox";

// Page objects: the specs speak of what a person does; the selectors live here.
export class AppPage {
  constructor(readonly page: Page) {}

  async createWorkspace(name: string) {
    await this.page.goto("/workspaces/new");
    await this.page.getByLabel("Workspace name").fill(name);
    await this.page.getByRole("button", { name: "Create workspace" }).click();
    await this.page.waitForURL(/\/w\/[^/]+$/);
    return new URL(this.page.url()).pathname.split("/")[2]!;
  }

  async createProject(slug: string, name: string, key: string) {
    await this.page.goto(`/w/${slug}/settings`);
    await this.page.getByLabel("Project name").fill(name);
    await this.page.getByLabel("Key", { exact: true }).fill(key);
    await this.page.getByRole("button", { name: "Create project" }).click();
    await this.page.waitForURL(new RegExp(`/w/${slug}/p/${key}$`));
  }

  async invite(slug: string, email: string, role: "ADMIN" | "MEMBER" | "VIEWER") {
    await this.page.goto(`/w/${slug}/settings`);
    await this.page.getByLabel("Invite by email").fill(email);
    await this.page.getByLabel("Role", { exact: true }).selectOption(role);
    await this.page.getByRole("button", { name: "Invite" }).click();
  }

  // Invitations: the admin's list in workspace settings, and the invitee's own list.
  pendingInvitations() {
    return this.page.getByRole("list", { name: "Pending invitations" });
  }

  // Opens the invitation link emailed to this address.
  async openInvitationFromEmail(email: string) {
    await this.page.goto(await linkFromMail(email, "/invitations/accept"));
    await expect(this.page.getByRole("heading", { name: "Join a workspace" })).toBeVisible();
  }

  // Accepts the open invitation; lands in the workspace, whose slug it answers.
  async acceptOpenInvitation() {
    await this.page.getByRole("button", { name: "Accept" }).click();
    await this.page.waitForURL(/\/w\/[^/]+$/);
    return new URL(this.page.url()).pathname.split("/")[2]!;
  }

  async createTask(title: string) {
    await this.page.getByRole("button", { name: "New task" }).click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByLabel("Title").fill(title);
    await dialog.getByRole("button", { name: "Create task" }).click();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByRole("link", { name: title, exact: true })).toBeVisible();
  }

  column(status: string) {
    return this.page.getByTestId(`column-${status}`);
  }

  card(title: string) {
    return this.page.getByTestId("board-card").filter({ hasText: title });
  }

  // Drags with real pointer moves, as a person would; dnd-kit needs intermediate moves to start a drag.
  async dragCardTo(title: string, status: string) {
    const card = this.card(title);
    const target = this.column(status);
    const from = (await card.boundingBox())!;
    const to = (await target.boundingBox())!;
    await this.page.mouse.move(from.x + 20, from.y + 10);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + 30, from.y + 20, { steps: 5 });
    await this.page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 20 });
    await this.page.mouse.move(to.x + to.width / 2, to.y + 70, { steps: 5 });
    await this.page.mouse.up();
  }
}
