import { z } from "zod";
import { ZAuthToken } from "../auth/schema";
import { ZEmail, ZId, ZName, ZRole, ZUserRef } from "../common.schema";

export const ZWorkspaceSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(48)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "use lowercase letters, digits and dashes");

export const ZCreateWorkspaceInput = z.object({ name: ZName, slug: ZWorkspaceSlug.optional() }).strict();
export const ZRenameWorkspaceInput = z.object({ workspaceId: ZId, name: ZName }).strict();
export const ZWorkspaceIdInput = z.object({ workspaceId: ZId }).strict();

export const ZWorkspace = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  role: ZRole,
  createdAt: z.date(),
});

export const ZMember = z.object({ user: ZUserRef, role: ZRole, joinedAt: z.date() });
export const ZInvitation = z.object({ id: z.string(), email: z.string(), role: ZRole, expiresAt: z.date() });

export const ZInviteMemberInput = z.object({ workspaceId: ZId, email: ZEmail, role: ZRole.default("MEMBER") }).strict();
// The same for an address with an account and one without: nothing here says which it is.
export const ZInviteMemberOutput = ZInvitation;
export const ZRevokeInvitationInput = z.object({ workspaceId: ZId, invitationId: ZId }).strict();

// An invitation as the person invited sees it.
export const ZPendingInvitation = z.object({
  id: z.string(),
  role: ZRole,
  expiresAt: z.date(),
  workspace: z.object({ id: z.string(), name: z.string() }),
  invitedBy: z.object({ name: z.string().nullable(), email: z.string() }).nullable(),
});
export const ZInvitationTokenInput = z.object({ token: ZAuthToken }).strict();
export const ZInvitationIdInput = z.object({ invitationId: ZId }).strict();
// From the pending list (by id) or from the emailed link (by its token).
export const ZAcceptInvitationInput = z.union([ZInvitationIdInput, ZInvitationTokenInput]);
export const ZChangeRoleInput = z.object({ workspaceId: ZId, userId: ZId, role: ZRole }).strict();
export const ZRemoveMemberInput = z.object({ workspaceId: ZId, userId: ZId }).strict();
export const ZMembersOutput = z.object({ members: z.array(ZMember), invitations: z.array(ZInvitation) });
