-- Columns Parsec reads that Parse Server creates only when first used, for a database moved from it.
ALTER TABLE "_Session" ADD COLUMN IF NOT EXISTS "restricted" boolean;
