-- Users are found by a provider's id at each third-party sign-in; one id belongs to one user.
-- The names are Parse Server's, so a database moved from it keeps the indexes it has.
CREATE UNIQUE INDEX IF NOT EXISTS "_User_unique_authData_anonymous_id" ON "_User" (("authData" -> 'anonymous' ->> 'id'))
  WHERE ("authData" -> 'anonymous' ->> 'id') IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "_User_unique_authData_apple_id" ON "_User" (("authData" -> 'apple' ->> 'id'))
  WHERE ("authData" -> 'apple' ->> 'id') IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "_User_unique_authData_google_id" ON "_User" (("authData" -> 'google' ->> 'id'))
  WHERE ("authData" -> 'google' ->> 'id') IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "_User_unique_authData_facebook_id" ON "_User" (("authData" -> 'facebook' ->> 'id'))
  WHERE ("authData" -> 'facebook' ->> 'id') IS NOT NULL;
