-- Jobs (Parse's _JobStatus, in Parse Server's layout) with Parsec's lease: a job is a row before its
-- caller hears 202; one worker holds it at a time (_leased_by until _lease_until, renewed while it runs),
-- and a job whose worker died is taken by another once the lease runs out.
CREATE TABLE IF NOT EXISTS "_JobStatus" (
  "objectId" text PRIMARY KEY,
  "createdAt" timestamp with time zone,
  "updatedAt" timestamp with time zone,
  "_rperm" text[],
  "_wperm" text[],
  "jobName" text,
  "source" text,
  "status" text,
  "message" text,
  "params" jsonb,
  "finishedAt" timestamp with time zone
);
ALTER TABLE "_JobStatus" ADD COLUMN IF NOT EXISTS "_leased_by" text;
ALTER TABLE "_JobStatus" ADD COLUMN IF NOT EXISTS "_lease_until" timestamp with time zone;
CREATE INDEX IF NOT EXISTS "_JobStatus_waiting" ON "_JobStatus" ("createdAt") WHERE "status" IN ('pending', 'running');
-- Readable by the master key only (every operation is closed to clients).
INSERT INTO "_SCHEMA" ("className", "schema", "isParseClass") VALUES ('_JobStatus', '{"className": "_JobStatus", "fields": {
    "objectId": {"type": "String"}, "createdAt": {"type": "Date"}, "updatedAt": {"type": "Date"}, "ACL": {"type": "ACL"},
    "jobName": {"type": "String"}, "source": {"type": "String"}, "status": {"type": "String"}, "message": {"type": "String"},
    "params": {"type": "Object"}, "finishedAt": {"type": "Date"}},
  "classLevelPermissions": {"find": {}, "count": {}, "get": {}, "create": {}, "update": {}, "delete": {}, "addField": {},
    "protectedFields": {}}}'::jsonb, true)
ON CONFLICT ("className") DO NOTHING;
