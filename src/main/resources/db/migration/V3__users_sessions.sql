-- Users and sessions in Parse Server's PostgreSQL layout, so a database moved from Parse Server keeps working.
CREATE TABLE IF NOT EXISTS "_User" (
  "objectId" text PRIMARY KEY,
  "createdAt" timestamp with time zone,
  "updatedAt" timestamp with time zone,
  "_rperm" text[],
  "_wperm" text[],
  "username" text,
  "email" text,
  "emailVerified" boolean,
  "_hashed_password" text,
  "authData" jsonb
);
-- Usernames and emails are unique compared case-insensitively, as Parse Server checks them; the
-- indexes also serve the login lookup, which compares lower-cased.
CREATE UNIQUE INDEX IF NOT EXISTS "_User_unique_lower_username" ON "_User" (lower("username"));
CREATE UNIQUE INDEX IF NOT EXISTS "_User_unique_lower_email" ON "_User" (lower("email"));

CREATE TABLE IF NOT EXISTS "_Session" (
  "objectId" text PRIMARY KEY,
  "createdAt" timestamp with time zone,
  "updatedAt" timestamp with time zone,
  "_rperm" text[],
  "_wperm" text[],
  "sessionToken" text,
  "user" text,
  "expiresAt" timestamp with time zone,
  "createdWith" jsonb,
  "installationId" text,
  "restricted" boolean
);
-- Every request with a session token looks it up (Parse Server's adapter has no such index, parse-server#8290).
CREATE UNIQUE INDEX IF NOT EXISTS "_Session_sessionToken" ON "_Session" ("sessionToken");
-- Listing and revoking a user's sessions.
CREATE INDEX IF NOT EXISTS "_Session_user" ON "_Session" ("user");

-- The classes as /schemas and queries see them; hidden columns such as _hashed_password are no fields.
INSERT INTO "_SCHEMA" ("className", "schema", "isParseClass") VALUES
('_User', '{"className": "_User", "fields": {
    "objectId": {"type": "String"}, "createdAt": {"type": "Date"}, "updatedAt": {"type": "Date"}, "ACL": {"type": "ACL"},
    "username": {"type": "String"}, "email": {"type": "String"}, "emailVerified": {"type": "Boolean"},
    "authData": {"type": "Object"}},
  "classLevelPermissions": {"find": {"*": true}, "count": {"*": true}, "get": {"*": true}, "create": {"*": true},
    "update": {"*": true}, "delete": {"*": true}, "addField": {"*": true}, "protectedFields": {"*": []}}}'::jsonb, true),
('_Session', '{"className": "_Session", "fields": {
    "objectId": {"type": "String"}, "createdAt": {"type": "Date"}, "updatedAt": {"type": "Date"}, "ACL": {"type": "ACL"},
    "sessionToken": {"type": "String"}, "user": {"type": "Pointer", "targetClass": "_User"},
    "expiresAt": {"type": "Date"}, "createdWith": {"type": "Object"}, "installationId": {"type": "String"},
    "restricted": {"type": "Boolean"}},
  "classLevelPermissions": {"find": {"*": true}, "count": {"*": true}, "get": {"*": true}, "create": {"*": true},
    "update": {"*": true}, "delete": {"*": true}, "addField": {"*": true}, "protectedFields": {"*": []}}}'::jsonb, true)
ON CONFLICT ("className") DO NOTHING;
