import type { Role } from "~/generated/prisma/enums";

export const ROLES: Role[] = ["OWNER", "ADMIN", "MEMBER", "VIEWER"];
export const ROLE_LABEL: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member", VIEWER: "Viewer" };
