"use client";

import { useWorkspace } from "~/components/shell/workspace-context";
import { GeneralSection } from "./workspace/general-section";
import { LabelsSection } from "./workspace/labels-section";
import { MembersSection } from "./workspace/members-section";
import { ProjectsSection } from "./workspace/projects-section";

export function WorkspaceSettings() {
  const { workspace } = useWorkspace();
  return (
    <div className="mx-auto max-w-3xl space-y-6 px-4 py-6 md:px-8">
      <h1 className="text-2xl font-semibold">Workspace settings</h1>
      {workspace.role === "OWNER" ? <GeneralSection /> : null}
      <ProjectsSection />
      <MembersSection />
      <LabelsSection />
    </div>
  );
}
