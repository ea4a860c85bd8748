-- CreateIndex
CREATE INDEX "tasks_project_id_assignee_id_status_position_idx" ON "tasks"("project_id", "assignee_id", "status", "position");
