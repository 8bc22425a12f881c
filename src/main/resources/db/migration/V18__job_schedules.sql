-- Scheduled jobs: a run the cluster starts on its own is a _JobStatus row keyed by its schedule and slot,
-- so that every worker may try to start a slot and exactly one row results.
ALTER TABLE "_JobStatus" ADD COLUMN IF NOT EXISTS "_schedule_slot" text;
CREATE UNIQUE INDEX IF NOT EXISTS "_JobStatus_schedule_slot" ON "_JobStatus" ("_schedule_slot");
