-- Parse Dashboard's scheduled jobs (_JobSchedule) and saved push audiences (_Audience), in Parse Server's
-- PostgreSQL layout. A database moved from Parse Server may hold both tables already, so they are created
-- only when absent and their columns added only when missing. Both classes are declared in code (their
-- fields are fixed) and are the master key's only, like every system class.
CREATE TABLE IF NOT EXISTS "_JobSchedule" (
  "objectId" text PRIMARY KEY,
  "createdAt" timestamp with time zone,
  "updatedAt" timestamp with time zone,
  "_rperm" text[],
  "_wperm" text[]
);
ALTER TABLE "_JobSchedule" ADD COLUMN IF NOT EXISTS "jobName" text;
ALTER TABLE "_JobSchedule" ADD COLUMN IF NOT EXISTS "description" text;
ALTER TABLE "_JobSchedule" ADD COLUMN IF NOT EXISTS "params" text;
ALTER TABLE "_JobSchedule" ADD COLUMN IF NOT EXISTS "startAfter" text;
ALTER TABLE "_JobSchedule" ADD COLUMN IF NOT EXISTS "daysOfWeek" jsonb;
ALTER TABLE "_JobSchedule" ADD COLUMN IF NOT EXISTS "timeOfDay" text;
ALTER TABLE "_JobSchedule" ADD COLUMN IF NOT EXISTS "lastRun" double precision;
ALTER TABLE "_JobSchedule" ADD COLUMN IF NOT EXISTS "repeatMinutes" double precision;

CREATE TABLE IF NOT EXISTS "_Audience" (
  "objectId" text PRIMARY KEY,
  "createdAt" timestamp with time zone,
  "updatedAt" timestamp with time zone,
  "_rperm" text[],
  "_wperm" text[]
);
ALTER TABLE "_Audience" ADD COLUMN IF NOT EXISTS "name" text;
ALTER TABLE "_Audience" ADD COLUMN IF NOT EXISTS "query" text;
ALTER TABLE "_Audience" ADD COLUMN IF NOT EXISTS "lastUsed" timestamp with time zone;
ALTER TABLE "_Audience" ADD COLUMN IF NOT EXISTS "timesUsed" double precision;
