package dev.parsec.files;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Uploads stream through a node limited to 128 MB of heap, on the disk store")
class DiskSmallHeapUploadsTest extends SmallHeapUploadsContract {

  @Override
  Map<String, String> storeSettings() {
    return Map.of("files_adapter", "disk");
  }
}
