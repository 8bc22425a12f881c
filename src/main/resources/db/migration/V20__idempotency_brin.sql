-- The expiry of idempotency records grows with time as they are written, so a BRIN index serves the
-- purge at a fraction of a B-tree's cost on every keyed write.
DROP INDEX IF EXISTS "_parsec_idempotency_expires";
CREATE INDEX IF NOT EXISTS "_parsec_idempotency_expires" ON "_parsec_idempotency" USING brin ("expires_at");
