import { z } from "zod";
import {
  multiLine,
  singleLine,
  ZCursor,
  ZDate,
  ZDirection,
  ZId,
  ZLabel,
  ZLimit,
  ZTaskPriority,
  ZTaskStatus,
  ZText,
} from "../common.schema";

export const ZTitle = singleLine(z.string().trim().min(1, "title is required").max(200));
export const ZDescription = multiLine(z.string().max(50_000));
export const ZLabelIds = z
  .array(ZId)
  .max(20)
  .refine((ids) => new Set(ids).size === ids.length, "labels repeat");
export const ZTaskRef = z
  .string()
  .trim()
  .max(24)
  .regex(/^[A-Za-z][A-Za-z0-9]{1,9}-\d{1,9}$/, "expected a task number like WEB-42");
const ZDue = ZDate.nullable();
const ZVersion = z.number().int().min(1).max(2_147_483_647);

const ZPersonRef = z.object({ id: z.string(), name: z.string().nullable() });

export const ZTaskListItem = z.object({
  id: z.string(),
  projectId: z.string(),
  ref: z.string(),
  number: z.number().int(),
  title: z.string(),
  status: ZTaskStatus,
  priority: ZTaskPriority,
  position: z.string(),
  assignee: ZPersonRef.nullable(),
  dueDate: z.date().nullable(),
  labels: z.array(ZLabel),
  parentId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  completedAt: z.date().nullable(),
});

export const ZTask = ZTaskListItem.extend({
  workspaceId: z.string(),
  description: z.string(),
  creator: ZPersonRef,
  deletedAt: z.date().nullable(),
  subtasks: z.array(z.object({ id: z.string(), ref: z.string(), title: z.string(), status: ZTaskStatus })),
  parent: z.object({ id: z.string(), ref: z.string(), title: z.string() }).nullable(),
});

export const ZCreateTaskInput = z
  .object({
    projectId: ZId,
    title: ZTitle,
    description: ZDescription.default(""),
    status: ZTaskStatus.default("TODO"),
    priority: ZTaskPriority.default("NONE"),
    assigneeId: ZId.nullable().default(null),
    dueDate: ZDue.default(null),
    labelIds: ZLabelIds.default([]),
    parentId: ZId.nullable().default(null),
  })
  .strict();

export const ZGetTaskInput = z.union([
  z.object({ id: ZId }).strict(),
  z.object({ workspaceId: ZId, ref: ZTaskRef }).strict(),
]);

export const ZUpdateTaskInput = z
  .object({
    id: ZId,
    version: ZVersion,
    title: ZTitle.optional(),
    description: ZDescription.optional(),
    status: ZTaskStatus.optional(),
    priority: ZTaskPriority.optional(),
    assigneeId: ZId.nullable().optional(),
    dueDate: ZDue.optional(),
    labelIds: ZLabelIds.optional(),
    parentId: ZId.nullable().optional(),
  })
  .strict();

export const ZMoveTaskInput = z
  .object({
    id: ZId,
    status: ZTaskStatus,
    // Place after `afterId` (the task above) or before `beforeId` (the task below); neither = end of column.
    afterId: ZId.nullable().optional(),
    beforeId: ZId.nullable().optional(),
    version: ZVersion.optional(),
  })
  .strict();

export const ZBulkUpdateInput = z
  .object({
    ids: z.array(ZId).min(1).max(500),
    status: ZTaskStatus.optional(),
    priority: ZTaskPriority.optional(),
    assigneeId: ZId.nullable().optional(),
    dueDate: ZDue.optional(),
    addLabelIds: ZLabelIds.optional(),
    removeLabelIds: ZLabelIds.optional(),
  })
  .strict()
  .refine(
    (v) =>
      v.status !== undefined ||
      v.priority !== undefined ||
      v.assigneeId !== undefined ||
      v.dueDate !== undefined ||
      (v.addLabelIds?.length ?? 0) > 0 ||
      (v.removeLabelIds?.length ?? 0) > 0,
    "nothing to change",
  );

export const ZTaskIdInput = z.object({ id: ZId }).strict();

export const ZTaskSort = z.enum(["position", "dueDate", "priority", "updated"]);

export const ZListTasksInput = z
  .object({
    projectId: ZId,
    status: z.array(ZTaskStatus).max(6).optional(),
    assigneeId: z.union([ZId, z.literal("none")]).optional(),
    labelIds: z.array(ZId).max(20).optional(),
    priority: z.array(ZTaskPriority).max(5).optional(),
    dueBefore: ZDate.optional(),
    dueAfter: ZDate.optional(),
    // Only tasks without a due date (the calendar's undated list).
    noDueDate: z.literal(true).optional(),
    search: ZText.pipe(z.string().trim().min(1).max(200)).optional(),
    parentId: ZId.optional(),
    sort: ZTaskSort.default("position"),
    limit: ZLimit,
    cursor: ZCursor,
    direction: ZDirection,
  })
  .strict();

export const ZListTasksOutput = z.object({ items: z.array(ZTaskListItem), nextCursor: z.string().nullable() });

export const ZMyTasksInput = z
  .object({
    workspaceId: ZId,
    includeDone: z.boolean().default(false),
    sort: z.enum(["status", "dueDate"]).default("dueDate"),
    limit: ZLimit,
    cursor: ZCursor,
    direction: ZDirection,
  })
  .strict();

export const ZMyTaskItem = ZTaskListItem.extend({ projectKey: z.string(), projectName: z.string() });
export const ZMyTasksOutput = z.object({ items: z.array(ZMyTaskItem), nextCursor: z.string().nullable() });

export const ZListTrashInput = z
  .object({ projectId: ZId, limit: ZLimit, cursor: ZCursor, direction: ZDirection })
  .strict();
export const ZListTrashOutput = z.object({
  items: z.array(ZTaskListItem.extend({ deletedAt: z.date() })),
  nextCursor: z.string().nullable(),
});

export const ZBulkUpdateOutput = z.object({ updated: z.number().int() });
export const ZPurgeOutput = z.object({ purged: z.number().int() });

export type TCreateTaskInput = z.infer<typeof ZCreateTaskInput>;
export type TUpdateTaskInput = z.infer<typeof ZUpdateTaskInput>;
export type TMoveTaskInput = z.infer<typeof ZMoveTaskInput>;
export type TBulkUpdateInput = z.infer<typeof ZBulkUpdateInput>;
export type TListTasksInput = z.infer<typeof ZListTasksInput>;
export type TTask = z.infer<typeof ZTask>;
export type TTaskListItem = z.infer<typeof ZTaskListItem>;
export type TMyTasksInput = z.infer<typeof ZMyTasksInput>;
export type TMyTaskItem = z.infer<typeof ZMyTaskItem>;
