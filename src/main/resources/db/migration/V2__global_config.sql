-- Parse.Config: one row, objectId '1', as Parse Server's PostgreSQL adapter keeps it.
CREATE TABLE IF NOT EXISTS "_GlobalConfig" (
  "objectId" text PRIMARY KEY,
  "params" jsonb,
  "masterKeyOnly" jsonb
);
INSERT INTO "_GlobalConfig" ("objectId", "params", "masterKeyOnly")
VALUES ('1', '{}'::jsonb, '{}'::jsonb)
ON CONFLICT ("objectId") DO NOTHING;
