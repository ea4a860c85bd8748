import type { Role } from "~/generated/prisma/enums";
import { createCaller } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import type { Session } from "~/server/auth/sessions";
import { createApiToken } from "~/server/auth/api-tokens";
import { resolveSession } from "~/server/auth/session";
import { db } from "~/server/db";

let counter = 0;
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
}

export async function makeUser(name = "User") {
  const email = `${unique("u")}@example.test`;
  return db.user.create({
    data: { email, name, emailVerified: new Date() },
    select: { id: true, email: true, name: true },
  });
}

export function sessionFor(user: { id: string; email: string; name: string | null }): Session {
  return { user, via: "session", sessionId: null };
}

export function callerFor(user: { id: string; email: string; name: string | null } | null) {
  return createCaller(createContext({ headers: new Headers(), session: user ? sessionFor(user) : null }));
}

const secrets = new Map<string, string>();

// A caller whose session is resolved from a real API token, as a program's HTTP call is: the user's
// memberships are read with the token, where callerFor's session has authorize() look each one up.
export async function tokenCallerFor(user: { id: string } | null) {
  if (!user) return callerFor(null);
  let secret = secrets.get(user.id);
  if (!secret) {
    secret = (await createApiToken(db, user.id, { name: "fixture", expiresAt: null })).secret;
    secrets.set(user.id, secret);
  }
  const headers = new Headers({ authorization: `Bearer ${secret}` });
  const { session } = await resolveSession(db, headers, { allowCookie: false });
  if (!session?.memberships) throw new Error("an API token's session should carry the user's memberships");
  return createCaller(createContext({ headers, session }));
}

export type Team = Awaited<ReturnType<typeof makeTeam>>;

// A workspace with one user per role, one outsider, a project and a label.
export async function makeTeam() {
  const [owner, admin, member, viewer, outsider] = await Promise.all([
    makeUser("Owner"),
    makeUser("Admin"),
    makeUser("Member"),
    makeUser("Viewer"),
    makeUser("Outsider"),
  ]);
  const workspace = await callerFor(owner).workspace.create({ name: "Team" });
  const roles: [typeof admin, Role][] = [
    [admin, "ADMIN"],
    [member, "MEMBER"],
    [viewer, "VIEWER"],
  ];
  await db.membership.createMany({
    data: roles.map(([user, role]) => ({ workspaceId: workspace.id, userId: user.id, role })),
  });
  const project = await callerFor(owner).project.create({ workspaceId: workspace.id, name: "Web", key: "WEB" });
  const label = await callerFor(owner).label.create({ workspaceId: workspace.id, name: "bug", color: "#dc2626" });
  return { owner, admin, member, viewer, outsider, workspace, project, label };
}

export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? code : `THREW ${String(error)}`;
  }
}
