import type { Prisma } from "~/generated/prisma/client";
import type { TaskStatus } from "~/generated/prisma/enums";
import { AppError } from "~/server/errors";
import { rankBetween } from "./rank";

type Tx = Prisma.TransactionClient;

/** One status column of one project: the unit task ranks are ordered (and locked) in. */
export type Column = { workspaceId: string; projectId: string; status: TaskStatus };

// Serialises every change to one status column of one project for the rest of the transaction, so
// concurrent moves always see each other's ranks.
export async function lockColumn(tx: Tx, { projectId, status }: Column): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${projectId}:${status}`}, 0))`;
}

export async function lastRank(tx: Tx, column: Column): Promise<string | null> {
  const last = await tx.task.findFirst({
    where: column,
    orderBy: { position: "desc" },
    select: { position: true },
  });
  return last?.position ?? null;
}

/** Locks the column and answers a rank after its last task. */
export async function endOfColumn(tx: Tx, column: Column): Promise<string> {
  await lockColumn(tx, column);
  return rankBetween(await lastRank(tx, column), null);
}

export type Placement = { id: string; afterId?: string | null; beforeId?: string | null };

// The rank that puts task `id` right after `afterId`, right before `beforeId`, or (neither given) at
// the end of the column, the column already locked. Only the moved task gets a new rank.
export async function rankForMove(tx: Tx, column: Column, { id, afterId, beforeId }: Placement): Promise<string> {
  const neighbour = async (neighbourId: string) => {
    if (neighbourId === id) throw new AppError("BAD_REQUEST", "A task cannot be placed next to itself.");
    const row = await tx.task.findFirst({
      where: { ...column, id: neighbourId, deletedAt: null },
      select: { position: true },
    });
    if (!row) throw new AppError("BAD_REQUEST", "The neighbouring task is not in that column.");
    return row.position;
  };
  // The rank of the nearest other task before (`lt`) or after (`gt`) a rank; with no rank, the last one.
  const nearest = async (side: "lt" | "gt", from?: string) => {
    const row = await tx.task.findFirst({
      where: { ...column, id: { not: id }, ...(from === undefined ? {} : { position: { [side]: from } }) },
      orderBy: { position: side === "gt" ? "asc" : "desc" },
      select: { position: true },
    });
    return row?.position ?? null;
  };
  if (afterId) {
    const low = await neighbour(afterId);
    return rankBetween(low, await nearest("gt", low));
  }
  if (beforeId) {
    const high = await neighbour(beforeId);
    return rankBetween(await nearest("lt", high), high);
  }
  return rankBetween(await nearest("lt"), null);
}
