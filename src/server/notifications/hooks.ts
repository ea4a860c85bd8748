import type { Prisma } from "~/generated/prisma/client";
import { newlyMentioned } from "~/lib/mentions";
import { follow, notify, type NotifyInput } from "./service";

type Tx = Prisma.TransactionClient;

// What the task and comment services call, inside their transactions and before recording live
// events (which must come last): who follows, and who is told, for each kind of change.

/** A recorded change of one task field (the activity entries the services already build). */
export type FieldChange = {
  workspaceId: string;
  taskId?: string | null;
  actorId: string | null;
  field?: string | null;
  toValue?: string | null;
};

/**
 * Assignments and status changes, for any number of tasks: a new assignee follows the task and is
 * told; a status change is told to the task's followers. Two statements whatever the number of tasks.
 */
export async function notifyChanges(tx: Tx, changes: readonly FieldChange[]): Promise<void> {
  const assigned = changes.filter((c) => c.field === "assigneeId" && c.toValue && c.taskId);
  const moved = changes.filter((c) => c.field === "status" && c.taskId);
  if (assigned.length === 0 && moved.length === 0) return;
  if (assigned.length > 0) {
    await tx.taskFollower.createMany({
      data: assigned.map((c) => ({ taskId: c.taskId!, userId: c.toValue! })),
      skipDuplicates: true,
    });
  }
  const inputs: NotifyInput[] = [
    ...assigned.map((c) => ({
      workspaceId: c.workspaceId,
      taskId: c.taskId!,
      actorId: c.actorId,
      kind: "ASSIGNED" as const,
      recipients: [c.toValue!],
    })),
    ...moved.map((c) => ({
      workspaceId: c.workspaceId,
      taskId: c.taskId!,
      actorId: c.actorId,
      kind: "STATUS_CHANGED" as const,
      recipients: [],
      followers: true,
      detail: c.toValue ?? null,
    })),
  ];
  await notify(tx, inputs);
}

/** Members of the workspace among `ids`: a mention of anyone else does nothing. */
async function membersAmong(tx: Tx, workspaceId: string, ids: Set<string>): Promise<string[]> {
  if (ids.size === 0) return [];
  const rows = await tx.membership.findMany({
    where: { workspaceId, userId: { in: [...ids] } },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}

type MentionArgs = {
  workspaceId: string;
  taskId: string;
  actorId: string;
  before: string;
  after: string;
  commentId?: string | null;
};

/** People newly mentioned in a description or comment: they follow the task and are told. */
export async function notifyMentions(tx: Tx, args: MentionArgs): Promise<Set<string>> {
  const mentioned = await membersAmong(tx, args.workspaceId, newlyMentioned(args.before, args.after));
  if (mentioned.length === 0) return new Set();
  await follow(tx, args.taskId, mentioned);
  await notify(tx, [
    {
      workspaceId: args.workspaceId,
      taskId: args.taskId,
      actorId: args.actorId,
      kind: "MENTIONED",
      recipients: mentioned,
      commentId: args.commentId ?? null,
    },
  ]);
  return new Set(mentioned);
}

/** A new task: its creator and assignee follow it; the assignee and anyone mentioned are told. */
export async function notifyTaskCreated(
  tx: Tx,
  args: { workspaceId: string; taskId: string; actorId: string; assigneeId: string | null; description: string },
): Promise<void> {
  await follow(tx, args.taskId, [args.actorId, args.assigneeId]);
  if (args.assigneeId) {
    await notify(tx, [
      {
        workspaceId: args.workspaceId,
        taskId: args.taskId,
        actorId: args.actorId,
        kind: "ASSIGNED",
        recipients: [args.assigneeId],
      },
    ]);
  }
  await notifyMentions(tx, { ...args, before: "", after: args.description });
}

/**
 * A new comment: the task's followers are told (those mentioned in it get a mention instead), and
 * its author follows the task from now on. The followers are read and told by one INSERT.
 */
export async function notifyComment(
  tx: Tx,
  args: { workspaceId: string; taskId: string; commentId: string; actorId: string; body: string },
): Promise<void> {
  const mentioned = await notifyMentions(tx, { ...args, before: "", after: args.body });
  await notify(tx, [
    {
      workspaceId: args.workspaceId,
      taskId: args.taskId,
      actorId: args.actorId,
      kind: "COMMENTED",
      recipients: [],
      followers: true,
      except: mentioned,
      commentId: args.commentId,
    },
  ]);
  await follow(tx, args.taskId, [args.actorId]);
}
