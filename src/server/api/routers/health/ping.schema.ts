import { z } from "zod";

export const ZPingInput = z
  .object({ echo: z.string().trim().min(1).max(64) })
  .strict()
  .optional();
export type TPingInput = z.infer<typeof ZPingInput>;

export const ZPingOutput = z.object({
  status: z.literal("ok"),
  databaseMs: z.number().nonnegative(),
  echo: z.string().nullable(),
  time: z.date(),
});
