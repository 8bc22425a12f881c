-- Push: installations and push statuses in Parse Server's PostgreSQL layout. A database moved from Parse
-- Server may hold both tables already (Parse Server makes _PushStatus at start, _Installation at first use),
-- so tables are created only when absent and the columns Parsec needs are added only when missing.
CREATE TABLE IF NOT EXISTS "_Installation" (
  "objectId" text PRIMARY KEY,
  "createdAt" timestamp with time zone,
  "updatedAt" timestamp with time zone,
  "_rperm" text[],
  "_wperm" text[]
);
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "installationId" text;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "deviceToken" text;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "channels" jsonb;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "deviceType" text;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "pushType" text;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "GCMSenderId" text;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "timeZone" text;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "localeIdentifier" text;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "badge" double precision;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "appVersion" text;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "appName" text;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "appIdentifier" text;
ALTER TABLE "_Installation" ADD COLUMN IF NOT EXISTS "parseVersion" text;
-- Saves look installations up by installationId and deviceToken; pushes select them by channel (jsonb @>).
CREATE INDEX IF NOT EXISTS "_Installation_installationId" ON "_Installation" ("installationId");
CREATE INDEX IF NOT EXISTS "_Installation_deviceToken" ON "_Installation" ("deviceToken");
CREATE INDEX IF NOT EXISTS "_Installation_channels" ON "_Installation" USING gin ("channels" jsonb_path_ops);

CREATE TABLE IF NOT EXISTS "_PushStatus" (
  "objectId" text PRIMARY KEY,
  "createdAt" timestamp with time zone,
  "updatedAt" timestamp with time zone,
  "_rperm" text[],
  "_wperm" text[]
);
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "pushTime" text;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "source" text;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "query" text;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "payload" text;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "title" text;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "expiry" double precision;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "expiration_interval" double precision;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "status" text;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "numSent" double precision;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "numFailed" double precision;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "pushHash" text;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "errorMessage" jsonb;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "sentPerType" jsonb;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "failedPerType" jsonb;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "sentPerUTCOffset" jsonb;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "failedPerUTCOffset" jsonb;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "count" double precision;
-- Parsec's own columns (hidden: not fields): when the push is due, which node holds it and until when,
-- and the last installation it has finished with, so another node resumes there if this one dies.
-- Pushes Parse Server left behind have no due time, so they are never sent again.
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "_due_at" timestamp with time zone;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "_leased_by" text;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "_lease_until" timestamp with time zone;
ALTER TABLE "_PushStatus" ADD COLUMN IF NOT EXISTS "_sent_through" text;
-- Workers look for pushes that are due and not held by a live node.
CREATE INDEX IF NOT EXISTS "_PushStatus_due" ON "_PushStatus" ("_due_at")
  WHERE "status" IN ('pending', 'scheduled', 'running');

-- _Installation as queries see it. Clients may not find or delete installations (Parse Server's rule, kept
-- in the code). _PushStatus has no row, as with Parse Server: its fields are fixed, and it is no class of the app.
INSERT INTO "_SCHEMA" ("className", "schema", "isParseClass") VALUES
('_Installation', '{"className": "_Installation", "fields": {
    "objectId": {"type": "String"}, "createdAt": {"type": "Date"}, "updatedAt": {"type": "Date"}, "ACL": {"type": "ACL"},
    "installationId": {"type": "String"}, "deviceToken": {"type": "String"}, "channels": {"type": "Array"},
    "deviceType": {"type": "String"}, "pushType": {"type": "String"}, "GCMSenderId": {"type": "String"},
    "timeZone": {"type": "String"}, "localeIdentifier": {"type": "String"}, "badge": {"type": "Number"},
    "appVersion": {"type": "String"}, "appName": {"type": "String"}, "appIdentifier": {"type": "String"},
    "parseVersion": {"type": "String"}},
  "classLevelPermissions": {"find": {"*": true}, "count": {"*": true}, "get": {"*": true}, "create": {"*": true},
    "update": {"*": true}, "delete": {"*": true}, "addField": {"*": true}, "protectedFields": {"*": []}}}'::jsonb, true)
ON CONFLICT ("className") DO NOTHING;
