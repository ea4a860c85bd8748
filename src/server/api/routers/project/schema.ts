import { z } from "zod";
import { multiLine, ZId, ZName } from "../common.schema";

export const ZProjectKey = z
  .string()
  .trim()
  .toUpperCase()
  .min(2)
  .max(10)
  .regex(/^[A-Z][A-Z0-9]*$/, "use 2-10 letters or digits, starting with a letter");

const ZProjectDescription = multiLine(z.string().trim().max(2000));

export const ZProject = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  key: z.string(),
  description: z.string().nullable(),
  archivedAt: z.date().nullable(),
  createdAt: z.date(),
  openTasks: z.number().int(),
});

export const ZCreateProjectInput = z
  .object({
    workspaceId: ZId,
    name: ZName,
    key: ZProjectKey,
    description: ZProjectDescription.optional(),
  })
  .strict();
export const ZUpdateProjectInput = z
  .object({
    projectId: ZId,
    name: ZName.optional(),
    description: ZProjectDescription.nullable().optional(),
  })
  .strict();
export const ZProjectIdInput = z.object({ projectId: ZId }).strict();
export const ZListProjectsInput = z.object({ workspaceId: ZId, includeArchived: z.boolean().default(false) }).strict();
