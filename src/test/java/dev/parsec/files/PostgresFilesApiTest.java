package dev.parsec.files;

import dev.parsec.db.Database;
import dev.parsec.support.TestDatabases;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("/files on the PostgreSQL store (files_adapter: postgres)")
class PostgresFilesApiTest extends FilesApiContract {

  private Pool pool;

  @Override
  Map<String, String> storeSettings() {
    return Map.of("files_adapter", "postgres");
  }

  @Override
  long storedFiles() {
    return TestDatabases.count(database, "SELECT count(*) FROM \"_parsec_files\"")
        + TestDatabases.count(database, "SELECT count(*) FROM \"_parsec_file_chunks\"");
  }

  @Override
  FileStore sameStorage() {
    if (pool == null) {
      pool = Database.pool(node.vertx(), database, 1, "files-test");
    }
    return new PostgresFileStore(pool);
  }

  @AfterAll
  void closePool() {
    if (pool != null) {
      pool.close();
    }
  }
}
