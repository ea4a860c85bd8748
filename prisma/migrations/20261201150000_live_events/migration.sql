-- Live updates: every change a project member sees, in one gapless sequence per project.
-- The head row is taken last in each writing transaction (its row lock orders the sequence by commit).
CREATE TABLE "event_heads" (
    "project_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "event_heads_pkey" PRIMARY KEY ("project_id")
);

CREATE TABLE "project_events" (
    "project_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "task_id" TEXT,
    "entity_id" TEXT,
    "version" INTEGER,
    "fields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "actor_id" TEXT,
    "origin" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_events_pkey" PRIMARY KEY ("project_id","seq")
);

CREATE INDEX "project_events_created_at_idx" ON "project_events"("created_at");

ALTER TABLE "event_heads" ADD CONSTRAINT "event_heads_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "project_events" ADD CONSTRAINT "project_events_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
