-- Files stored in PostgreSQL (files_adapter: postgres), so every node serves every file: one row of
-- metadata per file, its bytes in chunks of 256 KB, written in one transaction with the metadata.
CREATE TABLE IF NOT EXISTS "_parsec_files" (
  "name" text PRIMARY KEY,
  "contentType" text NOT NULL,
  "size" bigint NOT NULL,
  "etag" text NOT NULL,
  "createdAt" timestamp with time zone NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS "_parsec_file_chunks" (
  "name" text NOT NULL REFERENCES "_parsec_files" ("name") ON DELETE CASCADE,
  "seq" integer NOT NULL,
  "data" bytea NOT NULL,
  PRIMARY KEY ("name", "seq")
);
-- media is already compressed: store chunks out of line without trying to compress them again
ALTER TABLE "_parsec_file_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;
