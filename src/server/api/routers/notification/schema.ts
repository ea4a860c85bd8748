import { z } from "zod";
import { NotificationChannel, NotificationKind } from "~/generated/prisma/enums";
import { ZId } from "../common.schema";

export const ZKind = z.enum(NotificationKind);
export const ZChannel = z.enum(NotificationChannel);

export const ZListNotificationsInput = z
  .object({
    filter: z.enum(["unread", "all", "archived"]).default("all"),
    limit: z.number().int().min(1).max(100).default(50),
    cursor: ZId.nullish(),
    // Sent by tRPC's infinite queries; the inbox pages forward only.
    direction: z.enum(["forward", "backward"]).optional(),
  })
  .strict();

// Which of the caller's notifications: some by id, all in the inbox, or all of one task.
export const ZSelection = z.union([
  z.object({ ids: z.array(ZId).min(1).max(500) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
  z.object({ taskId: ZId }).strict(),
]);

export const ZMarkReadInput = z.object({ selection: ZSelection, read: z.boolean().default(true) }).strict();
export const ZArchiveInput = z.object({ selection: ZSelection, archived: z.boolean().default(true) }).strict();

const ZTimeZone = z.string().trim().min(1).max(64);

export const ZSetPreferencesInput = z
  .object({
    channels: z.partialRecord(ZKind, ZChannel).optional(),
    timeZone: ZTimeZone.nullable().optional(),
  })
  .strict();
export const ZGuessTimeZoneInput = z.object({ timeZone: ZTimeZone }).strict();
export const ZFollowInput = z.object({ taskId: ZId, following: z.boolean() }).strict();
export const ZTaskIdInput = z.object({ taskId: ZId }).strict();

const ZPerson = z.object({ id: z.string(), name: z.string().nullable(), email: z.string() });

export const ZNotification = z.object({
  id: z.string(),
  kind: ZKind,
  detail: z.string().nullable(),
  commentId: z.string().nullable(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
  archivedAt: z.date().nullable(),
  actor: ZPerson.nullable(),
  workspace: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  task: z
    .object({ id: z.string(), ref: z.string(), title: z.string(), inTrash: z.boolean(), url: z.string() })
    .nullable(),
});

export const ZNotificationPage = z.object({ items: z.array(ZNotification), nextCursor: z.string().nullable() });
export const ZUnread = z.object({ unread: z.number().int() });
export const ZPreferences = z.object({
  channels: z.record(ZKind, ZChannel),
  timeZone: z.string().nullable(),
});
export const ZFollowing = z.object({ following: z.boolean() });
