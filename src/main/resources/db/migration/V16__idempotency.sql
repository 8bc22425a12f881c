-- Requests applied once (X-Parse-Request-Id / Idempotency-Key): the first one's answer, replayed to its
-- retries until the record expires. status NULL: the first is still in flight (until expires_at).
-- Not Parse Server's _Idempotency table, whose rows only reject duplicates.
CREATE TABLE IF NOT EXISTS "_parsec_idempotency" (
  "key" text PRIMARY KEY,
  "request_hash" text NOT NULL,
  "status" integer,
  "response" text,
  "location" text,
  "expires_at" timestamp with time zone NOT NULL
);
CREATE INDEX IF NOT EXISTS "_parsec_idempotency_expires" ON "_parsec_idempotency" ("expires_at");
