-- _Role as Parse Server lays it out: a unique name, the users holding the role, and the roles whose
-- members inherit it (a role's "roles" relation lists its child roles).
CREATE TABLE IF NOT EXISTS "_Role" (
  "objectId" text PRIMARY KEY,
  "createdAt" timestamp with time zone,
  "updatedAt" timestamp with time zone,
  "_rperm" text[],
  "_wperm" text[],
  "name" text
);
CREATE UNIQUE INDEX IF NOT EXISTS "_Role_unique_name" ON "_Role" ("name");
CREATE TABLE IF NOT EXISTS "_Join:users:_Role" ("relatedId" text, "owningId" text, PRIMARY KEY ("relatedId", "owningId"));
CREATE TABLE IF NOT EXISTS "_Join:roles:_Role" ("relatedId" text, "owningId" text, PRIMARY KEY ("relatedId", "owningId"));
INSERT INTO "_SCHEMA" ("className", "schema", "isParseClass") VALUES ('_Role', '{
  "className": "_Role",
  "fields": {
    "objectId": {"type": "String"}, "createdAt": {"type": "Date"}, "updatedAt": {"type": "Date"},
    "ACL": {"type": "ACL"}, "name": {"type": "String"},
    "users": {"type": "Relation", "targetClass": "_User"}, "roles": {"type": "Relation", "targetClass": "_Role"}
  }
}', true) ON CONFLICT ("className") DO NOTHING;
