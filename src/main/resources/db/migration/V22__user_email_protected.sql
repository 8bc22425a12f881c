-- A user's email is its own, as Parse Server's default protectedFields ({"_User": {"*": ["email"]}}) keeps
-- it: hidden from every caller but the user itself and the master key. Only a _User class still holding
-- Parsec's first default (nothing protected) changes; an operator's own setting is kept.
UPDATE "_SCHEMA" SET "schema" = jsonb_set("schema", '{classLevelPermissions,protectedFields}', '{"*": ["email"]}'::jsonb)
WHERE "className" = '_User'
  AND ("schema" #> '{classLevelPermissions,protectedFields}' IS NULL
       OR "schema" #> '{classLevelPermissions,protectedFields}' = '{"*": []}'::jsonb
       OR "schema" #> '{classLevelPermissions,protectedFields}' = '{}'::jsonb);
