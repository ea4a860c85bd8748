import { z } from "zod";
import { Role, TaskPriority, TaskStatus } from "~/generated/prisma/enums";

// PostgreSQL text cannot hold NUL; refuse it at the edge instead of failing in the database.
export const ZText = z.string().refine((value) => !value.includes("\u0000"), "must not contain NUL characters");

// Text people read is refused (not silently changed) when it holds characters that alter how it
// displays: control characters, and the bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069) that make text show in another order than it is stored in, so a
// title could pose as something else. The marks U+200E and U+200F reorder nothing and right-to-left
// writers need them, so they stay allowed.
const SINGLE_LINE_REFUSED = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
// Several lines: tabs and line breaks (\n or \r\n) are text there; every other control is not.
const MULTI_LINE_REFUSED = /(?![\t\n]|\r\n)[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/** A name or title: one line, checked after the schema's own trimming. */
export function singleLine<T extends z.ZodString>(schema: T): T {
  return schema.refine(
    (value) => !SINGLE_LINE_REFUSED.test(value),
    "must be one line, without control characters or text-direction overrides",
  );
}

/** A description or comment: line breaks and tabs allowed, other controls and overrides refused. */
export function multiLine<T extends z.ZodString>(schema: T): T {
  return schema.refine(
    (value) => !MULTI_LINE_REFUSED.test(value),
    "must not contain control characters (other than tabs and line breaks) or text-direction overrides",
  );
}
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
export { ZEmail } from "~/lib/email";
export const ZName = singleLine(z.string().trim().min(1).max(100));
export const ZColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a hex colour like #2563eb");
export const ZCursor = z.string().max(1024).nullish();
// Sent by tRPC's infinite queries alongside the cursor.
export const ZDirection = z.enum(["forward", "backward"]).optional();
export const ZLimit = z.number().int().min(1).max(100).default(50);
export const ZUserRef = z.object({ id: z.string(), name: z.string().nullable(), email: z.string() });
export const ZLabel = z.object({ id: z.string(), name: z.string(), color: z.string() });
export const ZOk = z.object({ ok: z.literal(true) });
