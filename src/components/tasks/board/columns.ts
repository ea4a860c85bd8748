import type { TaskStatus } from "~/generated/prisma/enums";

/** The task.list input of one board column; the board page prefetches the same on the server. */
export function boardColumnInput(projectId: string, status: TaskStatus) {
  return { projectId, status: [status], sort: "position" as const, limit: 100 };
}

/** A column with more cards than this renders only the cards in and near its scrolled view. */
export const VIRTUAL_FROM = 50;

/** A column's list of cards, whether it renders them all or only those in view. */
export const listClass = "flex min-h-24 flex-1 flex-col";
