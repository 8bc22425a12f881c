package dev.parsec.files;

import java.util.Map;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;

@DisplayName("/files on the disk store (files_adapter: disk)")
class DiskFilesApiTest extends FilesApiContract {

  @Override
  Map<String, String> storeSettings() {
    return Map.of("files_adapter", "disk");
  }

  @Override
  FileStore sameStorage() {
    return new DiskFileStore(node.vertx(), node.config().dataDir().resolve("files"));
  }

  @Override
  long storedFiles() {
    Path root = node.config().dataDir().resolve("files");
    long count = 0;
    for (String dir : new String[] {"data", "meta", "tmp"}) {
      try (Stream<Path> files = Files.list(root.resolve(dir))) {
        count += files.count();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return count;
  }
}
