-- Account lockout counters, as Parse Server names them on _User (hidden fields, never answered).
ALTER TABLE "_User" ADD COLUMN IF NOT EXISTS "_failed_login_count" integer;
ALTER TABLE "_User" ADD COLUMN IF NOT EXISTS "_account_lockout_expires_at" timestamp with time zone;
