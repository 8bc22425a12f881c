-- Parse Hooks: webhooks registered by the master key, in Parse Server's _Hooks layout. A function
-- name, or a class and trigger, has at most one hook.
CREATE TABLE IF NOT EXISTS "_Hooks" (
  "objectId" text PRIMARY KEY,
  "createdAt" timestamp with time zone,
  "updatedAt" timestamp with time zone,
  "functionName" text,
  "className" text,
  "triggerName" text,
  "url" text
);
CREATE UNIQUE INDEX IF NOT EXISTS "_Hooks_function" ON "_Hooks" ("functionName") WHERE "functionName" IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "_Hooks_trigger" ON "_Hooks" ("className", "triggerName") WHERE "triggerName" IS NOT NULL;
