package dev.parsec.files;

import dev.parsec.support.TestDatabases;
import org.junit.jupiter.api.DisplayName;

@DisplayName("/files on the PostgreSQL store (files_adapter: postgres)")
class PostgresFilesApiTest extends FilesApiContract {

  @Override
  String adapter() {
    return "postgres";
  }

  @Override
  long storedFiles() {
    return TestDatabases.count(database, "SELECT count(*) FROM \"_parsec_files\"")
        + TestDatabases.count(database, "SELECT count(*) FROM \"_parsec_file_chunks\"");
  }
}
