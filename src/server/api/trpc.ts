import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { env } from "~/env.mjs";
import { transformer } from "~/lib/wire";
import { requestIdFrom } from "~/lib/request-id";
import { db as defaultDb, type Db } from "~/server/db";
import { bumpVersions, membersNamespace, tasksNamespace, trackWrites } from "~/server/cache";
import { authorizeEntity, type Access, type EntityRef } from "~/server/access/access";
import type { Permission } from "~/server/access/permissions";
import { isInstanceAdmin } from "~/server/admin/instance-admins";
import { AppError, isDatabaseUnavailable } from "~/server/errors";
import { logger as rootLogger, type Logger } from "~/server/logger";
import { reportError } from "~/server/observability";
import { addressKey, clientIp } from "~/server/client-address";
import { rateLimiters } from "~/server/ratelimit";
import type { Session } from "~/server/auth/sessions";
import { CLIENT_ID_HEADER, ZClientId } from "~/lib/live";
import { runAfterResponse } from "~/server/after-response";
import { withEventScope } from "~/server/live/events";
import { ringAll } from "~/server/live/feed";
import { LIVE_PING_MS, LIVE_RECONNECT_AFTER_INACTIVITY_MS } from "~/server/live/subscription";
import type { SyncParser } from "./validate";

export type Context = {
  db: Db;
  headers: Headers;
  session: Session | null;
  /** Why a credential the caller sent was refused, for the UNAUTHORIZED message. */
  authProblem: string | null;
  requestId: string;
  logger: Logger;
  /** Extra response headers a procedure wants sent (e.g. Retry-After). */
  resHeaders: Headers;
  /** The client's address, as the server in front resolved it (~/server/client-address). */
  ip: string;
  /** A server component rendering a page calls in-process; no HTTP request reaches the procedure. */
  inProcess: boolean;
};

export type CreateContextOptions = {
  headers: Headers;
  resHeaders?: Headers;
  session?: Session | null;
  authProblem?: string | null;
  db?: Db;
  inProcess?: boolean;
};

export function createContext(options: CreateContextOptions): Context {
  const requestId = requestIdFrom(options.headers);
  const ip = clientIp(options.headers);
  return {
    db: options.db ?? defaultDb,
    headers: options.headers,
    session: options.session ?? null,
    authProblem: options.authProblem ?? null,
    requestId,
    logger: rootLogger.child({ requestId, ip }),
    resHeaders: options.resHeaders ?? new Headers(),
    ip,
    inProcess: options.inProcess ?? false,
  };
}

const t = initTRPC.context<Context>().create({
  // superjson's format both ways; answers are written by the faster serializer in ~/lib/wire.
  transformer,
  // Live streams (server-sent events): tRPC itself ends each one after LIVE_STREAM_SECONDS, before the
  // platform would cut it, and the client reconnects from its last event. Pings keep proxies from
  // closing a quiet stream; a client that hears nothing for 25 s reconnects.
  // (GET /api/trpc/live.project is written by ~/server/http/live-stream with the same settings.)
  sse: {
    maxDurationMs: env.LIVE_STREAM_SECONDS * 1000,
    ping: { enabled: true, intervalMs: LIVE_PING_MS },
    client: { reconnectAfterInactivityMs: LIVE_RECONNECT_AFTER_INACTIVITY_MS },
  },
  errorFormatter({ shape, error }) {
    const zodError = error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? error.cause : null;
    // Only messages we wrote ourselves reach the client; anything unexpected stays in the logs.
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal ? "Internal server error" : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodIssues: zodError
          ? zodError.issues.map((issue) => ({ path: issue.path.map(String), code: issue.code, message: issue.message }))
          : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// Maps domain errors and an unreachable database onto tRPC codes, in one place.
const errorMapping = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (result.ok) return result;
  const error = result.error;
  const cause = error.cause;
  if (cause instanceof AppError) {
    if (cause.retryAfterSeconds !== undefined) {
      ctx.resHeaders.set("Retry-After", String(cause.retryAfterSeconds));
    }
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    reportError(cause ?? error, { requestId: ctx.requestId, path });
    if (isDatabaseUnavailable(cause ?? error)) {
      ctx.logger.error({ path, err: cause ?? error }, "database unavailable");
      throw new TRPCError({
        code: "SERVICE_UNAVAILABLE",
        message: "The database is unavailable. Try again shortly.",
        cause: error,
      });
    }
    ctx.logger.error({ path, err: cause ?? error }, "procedure failed");
  }
  return result;
});

// After a successful write, every workspace the request was authorized in gets its cached reads
// invalidated, on every instance.
// Then the projects it wrote events to get their doorbell rung, so live subscribers on every instance
// read the new events (after the cache bump: a subscriber re-checking membership reads fresh roles).
const invalidateAfterWrite = t.middleware(async ({ ctx, type, path, next }) => {
  if (type !== "mutation") return next();
  const origin = ZClientId.safeParse(ctx.headers.get(CLIENT_ID_HEADER)).data ?? null;
  const {
    result: { result, workspaces },
    rings,
    afterCommit,
  } = await withEventScope(origin, () => trackWrites(() => next()));
  if (result.ok && workspaces.size > 0) {
    const namespaces = [...workspaces].map(tasksNamespace);
    if (path.startsWith("workspace.")) namespaces.push(...[...workspaces].map(membersNamespace));
    await bumpVersions(namespaces);
  }
  if (rings.size > 0) await ringAll(rings);
  if (result.ok) for (const task of afterCommit) runAfterResponse(task);
  return result;
});

// RATE_LIMIT_MAX calls per RATE_LIMIT_WINDOW per user (per IP when signed out); every call of a batch
// counts. Server components calling in-process are the app rendering its own pages, and are not
// counted: the context says so, since no header a client sends can.
const apiRateLimit = t.middleware(async ({ ctx, next }) => {
  if (ctx.inProcess) return next();
  const id = ctx.session ? `user:${ctx.session.user.id}` : `ip:${addressKey(ctx.ip)}`;
  const result = await rateLimiters().api.limit(id);
  if (!result.success) {
    throw new AppError("TOO_MANY_REQUESTS", `Too many requests. Try again in ${result.retryAfterSeconds} s.`, {
      retryAfterSeconds: result.retryAfterSeconds,
    });
  }
  return next();
});

export const publicProcedure = t.procedure.use(errorMapping).use(apiRateLimit).use(invalidateAfterWrite);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.authProblem ?? "Sign in to continue." });
  }
  return next({ ctx: { ...ctx, session: ctx.session } });
});

// Instance administrators (ADMIN_EMAILS, verified address), signed in through a browser; an API token
// does not carry the role. To anyone else the procedure does not exist: NOT_FOUND, as for a
// workspace they are not in.
export const instanceAdminProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  if (ctx.session.via !== "session" || !(await isInstanceAdmin(ctx.db, ctx.session.user.id))) {
    throw new AppError("NOT_FOUND", "Not found.");
  }
  return next();
});

// Credentials are seen and managed from a signed-in browser only: a leaked API token must not be able
// to list or revoke the other credentials, mint more tokens, or lock the owner out.
export const sessionProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.session.via !== "session") {
    throw new AppError("FORBIDDEN", "Sign in with a browser to manage passwords, sessions and API tokens.");
  }
  return next();
});

// A procedure inside one workspace: the input is validated, then the entity it names is looked up and
// the caller's permission in that entity's workspace checked, before the handler runs with `ctx.access`.
// Not a member, or no such entity: NOT_FOUND; a member without the permission: FORBIDDEN.
export function scopedProcedure<In, Out>(
  permission: Permission,
  input: SyncParser<In, Out>,
  target: (input: Out) => EntityRef,
) {
  return protectedProcedure.input(input).use(async ({ ctx, input, next }) => {
    const access: Access = await authorizeEntity(ctx.db, ctx.session, target(input), permission);
    return next({ ctx: { access } });
  });
}

type Scoped<Key extends string> = <In, Out extends Record<Key, string>>(
  permission: Permission,
  input: SyncParser<In, Out>,
) => ReturnType<typeof scopedProcedure<In, Out>>;

export const workspaceProcedure: Scoped<"workspaceId"> = (permission, input) =>
  scopedProcedure(permission, input, (i) => ["workspace", i.workspaceId]);
export const projectProcedure: Scoped<"projectId"> = (permission, input) =>
  scopedProcedure(permission, input, (i) => ["project", i.projectId]);
export const labelProcedure: Scoped<"labelId"> = (permission, input) =>
  scopedProcedure(permission, input, (i) => ["label", i.labelId]);
export const commentProcedure: Scoped<"commentId"> = (permission, input) =>
  scopedProcedure(permission, input, (i) => ["comment", i.commentId]);
export const attachmentProcedure: Scoped<"attachmentId"> = (permission, input) =>
  scopedProcedure(permission, input, (i) => ["attachment", i.attachmentId]);
// The task router's own inputs name their task `id`; the other routers' name it `taskId`.
export const taskProcedure = <In, Out extends { id: string } | { taskId: string }>(
  permission: Permission,
  input: SyncParser<In, Out>,
) => scopedProcedure(permission, input, (i) => ["task", "taskId" in i ? i.taskId : i.id]);
