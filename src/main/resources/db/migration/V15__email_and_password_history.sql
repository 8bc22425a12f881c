-- Email verification and password reset tokens (Parse Server's columns; Parsec stores a SHA-256 of each
-- token, so a copy of the database cannot verify an email or reset a password), and past password hashes.
ALTER TABLE "_User" ADD COLUMN IF NOT EXISTS "_email_verify_token" text;
ALTER TABLE "_User" ADD COLUMN IF NOT EXISTS "_email_verify_token_expires_at" timestamp with time zone;
ALTER TABLE "_User" ADD COLUMN IF NOT EXISTS "_perishable_token" text;
ALTER TABLE "_User" ADD COLUMN IF NOT EXISTS "_perishable_token_expires_at" timestamp with time zone;
ALTER TABLE "_User" ADD COLUMN IF NOT EXISTS "_password_history" jsonb;
ALTER TABLE "_User" ADD COLUMN IF NOT EXISTS "_password_changed_at" timestamp with time zone;
CREATE INDEX IF NOT EXISTS "_email_verify_token" ON "_User" ("_email_verify_token");
CREATE INDEX IF NOT EXISTS "_perishable_token" ON "_User" ("_perishable_token");
