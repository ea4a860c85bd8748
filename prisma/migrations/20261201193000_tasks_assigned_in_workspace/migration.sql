-- "My work": one person's tasks in a workspace, one ordered scan per status by due date.
CREATE INDEX "tasks_workspace_id_assignee_id_status_due_date_id_idx" ON "tasks"("workspace_id", "assignee_id", "status", "due_date", "id");
