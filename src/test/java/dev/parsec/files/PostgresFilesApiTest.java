package dev.parsec.files;

import java.util.Map;
import dev.parsec.support.TestDatabases;
import org.junit.jupiter.api.DisplayName;

@DisplayName("/files on the PostgreSQL store (files_adapter: postgres)")
class PostgresFilesApiTest extends FilesApiContract {

  @Override
  Map<String, String> storeSettings() {
    return Map.of("files_adapter", "postgres");
  }

  @Override
  long storedFiles() {
    return TestDatabases.count(database, "SELECT count(*) FROM \"_parsec_files\"")
        + TestDatabases.count(database, "SELECT count(*) FROM \"_parsec_file_chunks\"");
  }
}
