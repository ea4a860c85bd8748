import { Prisma } from "~/generated/prisma/client";

// The one error type of the domain. Transport code maps it to a tRPC or HTTP error in one place.
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE";

// The HTTP status of each code, for route handlers outside tRPC (tRPC maps its own codes the same way).
export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message: string, options?: { retryAfterSeconds?: number; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "ETIMEDOUT",
  "ECONNRESET",
  "EHOSTUNREACH",
  "57P01",
  "57P03",
  "P1001",
  "P1002",
  "P1017",
  // A transaction found no free connection in time: the database is saturated, try again shortly.
  "P2028",
]);
const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNREACHABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|ECONNREFUSED/i;

type ErrorLike = {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  kind?: unknown;
  meta?: { driverAdapterError?: unknown };
};

// Prisma, its pg adapter and pg itself report an unreachable database in several shapes; all of them
// mean "try again later", not a bug.
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 12; seen++) {
    const current = pending.shift();
    if (!current || typeof current !== "object") continue;
    const e = current as ErrorLike;
    if (typeof e.code === "string" && UNREACHABLE_CODES.has(e.code)) return true;
    if (typeof e.kind === "string" && UNREACHABLE_KINDS.has(e.kind)) return true;
    if (typeof e.message === "string" && UNREACHABLE_MESSAGE.test(e.message)) return true;
    pending.push(e.cause, e.meta?.driverAdapterError);
  }
  return false;
}

/** A write the database refused for a unique index (a second row with the same name, key or address). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
