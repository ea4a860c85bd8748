import { Prisma } from "~/generated/prisma/client";
import type { Role } from "~/generated/prisma/enums";

/** The caller's role in each workspace they belong to, by workspace id. */
export type Memberships = ReadonlyMap<string, Role>;

// Read in the same statement as the caller's credential, so a call needs no second round trip to
// learn the caller's role. Someone in more workspaces than this has their role looked up per call.
export const MAX_PRELOADED_MEMBERSHIPS = 100;

/** A column for the credential's SELECT: the memberships of the user whose id is `userId`. */
export function membershipsColumn(userId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT json_agg(json_build_array(m.workspace_id, m.role)) FROM
    (SELECT workspace_id, role FROM memberships WHERE user_id = ${userId} LIMIT ${MAX_PRELOADED_MEMBERSHIPS + 1}) m)
    AS memberships`;
}

/** The column's value as a map, or null when there were too many to carry. */
export function membershipsFrom(pairs: [string, Role][] | null): Memberships | null {
  if (pairs && pairs.length > MAX_PRELOADED_MEMBERSHIPS) return null;
  return new Map(pairs ?? []);
}
