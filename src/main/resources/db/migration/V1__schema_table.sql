-- One row per class: its fields, class-level permissions and indexes, as Parse Server keeps them.
CREATE TABLE IF NOT EXISTS "_SCHEMA" (
  "className" varchar(120) PRIMARY KEY,
  "schema" jsonb NOT NULL,
  "isParseClass" boolean NOT NULL DEFAULT true
);
