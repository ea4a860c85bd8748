import { z } from "zod";
import { singleLine, ZId, ZName } from "../common.schema";
import { ZPassword } from "../auth/schema";

export const ZMe = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  emailVerified: z.date().nullable(),
});
export const ZUpdateProfileInput = z.object({ name: ZName }).strict();
export const ZChangePasswordInput = z
  .object({ currentPassword: z.string().min(1).max(128), newPassword: ZPassword })
  .strict();
export const ZSession = z.object({
  id: z.string(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  expires: z.date(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});
export const ZIdInput = z.object({ id: ZId }).strict();
export const ZApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
});
export const ZCreateTokenInput = z
  .object({
    name: singleLine(z.string().trim().min(1).max(60)),
    expiresInDays: z.number().int().min(1).max(365).nullable().default(90),
  })
  .strict();
export const ZCreateTokenOutput = z.object({ token: ZApiToken, secret: z.string() });
export const ZRevokedOutput = z.object({ revoked: z.number().int() });
