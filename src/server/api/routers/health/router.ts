import { createTRPCRouter, publicProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { ZPingInput, ZPingOutput } from "./ping.schema";

export const healthRouter = createTRPCRouter({
  ping: publicProcedure
    .input(sync(ZPingInput))
    .output(sync(ZPingOutput))
    .query(async ({ ctx, input }) => {
      const started = performance.now();
      await ctx.db.$queryRaw`SELECT 1`;
      return {
        status: "ok" as const,
        databaseMs: Math.round((performance.now() - started) * 100) / 100,
        echo: input?.echo ?? null,
        time: new Date(),
      };
    }),
});
