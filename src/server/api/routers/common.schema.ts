import { z } from "zod";
import { Role, TaskPriority, TaskStatus } from "~/generated/prisma/enums";

// PostgreSQL text cannot hold NUL; refuse it at the edge instead of failing in the database.
export const ZText = z.string().refine((value) => !value.includes("\u0000"), "must not contain NUL characters");
// Dates PostgreSQL can store and people mean.
export const ZDate = z.date().min(new Date("1970-01-01T00:00:00Z")).max(new Date("9999-12-31T23:59:59Z"));

export const ZId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "malformed id");
export const ZRole = z.enum(Role);
export const ZTaskStatus = z.enum(TaskStatus);
export const ZTaskPriority = z.enum(TaskPriority);
export const ZEmail = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const ZName = ZText.pipe(z.string().trim().min(1).max(100));
export const ZColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a hex colour like #2563eb");
export const ZCursor = z.string().max(1024).nullish();
// Sent by tRPC's infinite queries alongside the cursor.
export const ZDirection = z.enum(["forward", "backward"]).optional();
export const ZLimit = z.number().int().min(1).max(100).default(50);
export const ZUserRef = z.object({ id: z.string(), name: z.string().nullable(), email: z.string() });
export const ZLabel = z.object({ id: z.string(), name: z.string(), color: z.string() });
export const ZOk = z.object({ ok: z.literal(true) });
