"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "~/generated/prisma/enums";

export type ShellWorkspace = { id: string; slug: string; name: string; role: Role };
export type ShellProject = { id: string; key: string; name: string; archivedAt: Date | null; openTasks: number };

type Value = { workspace: ShellWorkspace; projects: ShellProject[]; viewerId: string | null };

const WorkspaceContext = createContext<Value | null>(null);

export function WorkspaceProvider({ value, children }: { value: Value; children: ReactNode }) {
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): Value & { canEdit: boolean; canAdmin: boolean } {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace outside a workspace");
  const role = value.workspace.role;
  return { ...value, canEdit: role !== "VIEWER", canAdmin: role === "ADMIN" || role === "OWNER" };
}
