import type { Role } from "~/generated/prisma/enums";

// Who may do what inside a workspace: the one table every procedure checks against.
export const ROLE_RANK: Record<Role, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

export const PERMISSIONS = {
  "workspace.read": "VIEWER",
  "task.write": "MEMBER",
  "comment.write": "MEMBER",
  "comment.moderate": "ADMIN",
  // Removing files other people attached.
  "attachment.moderate": "ADMIN",
  "project.manage": "ADMIN",
  "label.manage": "ADMIN",
  "member.manage": "ADMIN",
  "trash.purge": "ADMIN",
  "workspace.manage": "OWNER",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function hasRole(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

export function can(role: Role, permission: Permission): boolean {
  return hasRole(role, PERMISSIONS[permission]);
}
