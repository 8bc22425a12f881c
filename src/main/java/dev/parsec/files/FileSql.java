package dev.parsec.files;

/** Every SQL statement of the PostgreSQL file store. */
final class FileSql {

  /** Bytes per chunk row. */
  static final int CHUNK = 256 * 1024;

  static final String INSERT_FILE =
      "INSERT INTO \"_parsec_files\" (\"name\", \"contentType\", \"size\", \"etag\") VALUES ($1, $2, 0, '')";
  static final String FINISH_FILE =
      "UPDATE \"_parsec_files\" SET \"size\" = $2, \"etag\" = $3 WHERE \"name\" = $1 RETURNING \"createdAt\"";
  static final String INSERT_CHUNK =
      "INSERT INTO \"_parsec_file_chunks\" (\"name\", \"seq\", \"data\") VALUES ($1, $2, $3)";
  static final String SELECT_FILE =
      "SELECT \"contentType\", \"size\", \"etag\", \"createdAt\" FROM \"_parsec_files\" WHERE \"name\" = $1";
  static final String SELECT_CHUNK =
      "SELECT \"data\" FROM \"_parsec_file_chunks\" WHERE \"name\" = $1 AND \"seq\" = $2";
  static final String DELETE_FILE =
      "DELETE FROM \"_parsec_files\" WHERE \"name\" = $1";

  private FileSql() {
  }
}
