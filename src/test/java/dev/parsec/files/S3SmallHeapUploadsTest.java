package dev.parsec.files;

import dev.parsec.support.LocalS3Server;
import org.junit.jupiter.api.AfterAll;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Uploads stream through a node limited to 128 MB of heap, into S3")
class S3SmallHeapUploadsTest extends SmallHeapUploadsContract {

  private final LocalS3Server s3 = new LocalS3Server();

  @Override
  Map<String, String> storeSettings() {
    return s3.settings();
  }

  @AfterAll
  void stopS3() {
    s3.close();
  }
}
