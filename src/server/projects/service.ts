import type { Access } from "~/server/access/access";
import { recordActivity } from "~/server/activity/service";
import { recordEvents } from "~/server/live/events";
import type { Db } from "~/server/db";
import { AppError, isUniqueViolation } from "~/server/errors";

const PROJECT_SELECT = {
  id: true,
  workspaceId: true,
  name: true,
  key: true,
  description: true,
  archivedAt: true,
  createdAt: true,
} as const;

type ProjectRow = {
  id: string;
  workspaceId: string;
  name: string;
  key: string;
  description: string | null;
  archivedAt: Date | null;
  createdAt: Date;
};

async function withOpenCounts(db: Db, projects: ProjectRow[]) {
  if (projects.length === 0) return [];
  const counts = await db.task.groupBy({
    by: ["projectId"],
    where: { projectId: { in: projects.map((p) => p.id) }, deletedAt: null, status: { notIn: ["DONE", "CANCELLED"] } },
    _count: { _all: true },
  });
  const byId = new Map(counts.map((c) => [c.projectId, c._count._all]));
  return projects.map((p) => ({ ...p, openTasks: byId.get(p.id) ?? 0 }));
}

export async function listProjects(db: Db, access: Access, includeArchived: boolean) {
  const projects = await db.project.findMany({
    where: { workspaceId: access.workspaceId, ...(includeArchived ? {} : { archivedAt: null }) },
    select: PROJECT_SELECT,
    orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
  });
  return withOpenCounts(db, projects);
}

export async function getProject(db: Db, access: Access, projectId: string) {
  const project = await db.project.findFirst({
    where: { id: projectId, workspaceId: access.workspaceId },
    select: PROJECT_SELECT,
  });
  if (!project) throw new AppError("NOT_FOUND", "Project not found.");
  const [withCount] = await withOpenCounts(db, [project]);
  return withCount!;
}

export async function createProject(db: Db, access: Access, args: { name: string; key: string; description?: string }) {
  try {
    const project = await db.$transaction(async (tx) => {
      const created = await tx.project.create({
        data: {
          workspaceId: access.workspaceId,
          name: args.name,
          key: args.key,
          description: args.description ?? null,
        },
        select: PROJECT_SELECT,
      });
      await recordActivity(tx, [
        {
          workspaceId: access.workspaceId,
          projectId: created.id,
          taskId: null,
          actorId: access.userId,
          action: "project.created",
          toValue: args.name,
        },
      ]);
      return created;
    });
    return { ...project, openTasks: 0 };
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", `The key ${args.key} is already used in this workspace.`);
    throw error;
  }
}

export async function updateProject(
  db: Db,
  access: Access,
  projectId: string,
  patch: { name?: string; description?: string | null; archived?: boolean },
) {
  const current = await db.project.findFirst({
    where: { id: projectId, workspaceId: access.workspaceId },
    select: PROJECT_SELECT,
  });
  if (!current) throw new AppError("NOT_FOUND", "Project not found.");
  const data: { name?: string; description?: string | null; archivedAt?: Date | null } = {};
  const activity: { field: string; fromValue: string | null; toValue: string | null; action: string }[] = [];
  if (patch.name !== undefined && patch.name !== current.name) {
    data.name = patch.name;
    activity.push({ action: "project.updated", field: "name", fromValue: current.name, toValue: patch.name });
  }
  if (patch.description !== undefined && patch.description !== current.description)
    data.description = patch.description;
  if (patch.archived !== undefined && patch.archived !== (current.archivedAt !== null)) {
    data.archivedAt = patch.archived ? new Date() : null;
    activity.push({
      action: patch.archived ? "project.archived" : "project.unarchived",
      field: "archived",
      fromValue: String(!patch.archived),
      toValue: String(patch.archived),
    });
  }
  const project = await db.$transaction(async (tx) => {
    const updated = await tx.project.update({
      where: { id: projectId, workspaceId: access.workspaceId },
      data,
      select: PROJECT_SELECT,
    });
    await recordActivity(
      tx,
      activity.map((a) => ({ ...a, workspaceId: access.workspaceId, projectId, taskId: null, actorId: access.userId })),
    );
    const fields = Object.keys(data);
    if (fields.length > 0) {
      const kind =
        data.archivedAt === undefined ? "project.updated" : data.archivedAt ? "project.archived" : "project.unarchived";
      await recordEvents(tx, [{ projectId, kind, fields, actorId: access.userId }]);
    }
    return updated;
  });
  return getProject(db, access, project.id);
}
