import { tracked, TRPCError } from "@trpc/server";
import { liveProjectInput } from "~/lib/live";
import { createTRPCRouter, projectProcedure } from "~/server/api/trpc";
import { sync } from "~/server/api/validate";
import { AppError } from "~/server/errors";
import { followProject } from "~/server/live/subscription";

export const liveRouter = createTRPCRouter({
  // Every change in a project as it commits, over server-sent events (httpSubscriptionLink). A client
  // that reconnects with the last id it saw (the link does so itself) gets everything after it, in
  // order, exactly once. Checked like project.get at the start, and again on every membership change
  // and every minute: a member removed mid-stream gets FORBIDDEN and nothing after it.
  // The messages are built field by field from the event table (ids, versions, field names), so no
  // output schema stands between them and the client: tRPC's output parser does not apply to streams.
  project: projectProcedure("workspace.read", sync(liveProjectInput)).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const stream = followProject(ctx.db, {
      projectId: input.projectId,
      access: ctx.access,
      viewer: { userId: ctx.session.user.id, name: ctx.session.user.name, view: input.view ?? null },
      sessionId: ctx.session.via === "session" ? ctx.session.sessionId : null,
      lastEventId: input.lastEventId == null ? null : Number(input.lastEventId),
      signal: signal ?? new AbortController().signal,
    });
    try {
      for await (const { id, message } of stream) yield tracked(id, message);
    } catch (error) {
      // Errors raised mid-stream do not pass back through the middlewares: mapped here. Anything
      // unexpected becomes INTERNAL_SERVER_ERROR, which the client link retries from its last id.
      if (error instanceof AppError) throw new TRPCError({ code: error.code, message: error.message, cause: error });
      ctx.logger.error({ err: error, projectId: input.projectId }, "live stream failed");
      throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error", cause: error });
    }
  }),
});
