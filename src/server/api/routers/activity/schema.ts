import { z } from "zod";
import { ZDirection, ZId } from "../common.schema";

const ZPage = { limit: z.number().int().min(1).max(100).default(50), cursor: ZId.nullish(), direction: ZDirection };
export const ZTaskActivityInput = z.object({ taskId: ZId, ...ZPage }).strict();
export const ZProjectActivityInput = z.object({ projectId: ZId, ...ZPage }).strict();
export const ZActivityPage = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      field: z.string().nullable(),
      fromValue: z.string().nullable(),
      toValue: z.string().nullable(),
      createdAt: z.date(),
      taskId: z.string().nullable(),
      projectId: z.string().nullable(),
      actor: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
