package dev.parsec.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs compat/test/keys.test.mjs, the JS SDK with a javascript key, the read-only master key, custom objectIds and
 * default_limit, against a node configured for them (the main suite's node sets no client key, so it skips the file).
 */
@DisplayName("The official Parse JS SDK with a javascript key and the options Parse apps set")
class KeysSdkCompatibilityTest {

  private static final String JAVASCRIPT_KEY = "sdk-javascript-key";
  private static final String READ_ONLY_MASTER_KEY = "sdk-read-only-master-key";

  @Test
  @DisplayName("compat/test/keys.test.mjs passes against a node with javascript_key and read_only_master_key")
  void keysSuitePasses() throws Exception {
    var settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(Map.of("livequery_classes", "*", "javascript_key", JAVASCRIPT_KEY, "read_only_master_key", READ_ONLY_MASTER_KEY,
        "allow_custom_object_id", "true", "default_limit", "4"));
    Node node = TestNodes.startReady(settings);
    try {
      Path log = Files.createTempFile("parsec-compat-keys", ".log");
      ProcessBuilder builder = new ProcessBuilder("bash", "scripts/compat.sh",
          node.config().serverUrl().replace("localhost", "127.0.0.1"), TestNodes.APP_ID, TestNodes.MASTER_KEY)
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(Map.of("PARSE_TEST_FILES", "test/keys.test.mjs", "PARSE_JAVASCRIPT_KEY", JAVASCRIPT_KEY,
          "PARSE_READ_ONLY_MASTER_KEY", READ_ONLY_MASTER_KEY));
      Process suite = builder.start();
      boolean finished = suite.waitFor(5, TimeUnit.MINUTES);
      String output = Files.readString(log);
      System.out.println(output);
      assertEquals(true, finished, "the suite finished in time");
      assertEquals(0, suite.exitValue(), "the SDK suite failed:\n" + output);
      assertTrue(output.contains("# pass 5") && output.contains("# skipped 0"), "every test ran:\n" + output);
    } finally {
      node.stop();
    }
  }
}
