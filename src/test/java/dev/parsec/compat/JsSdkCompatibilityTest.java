package dev.parsec.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.push.PushFixture;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs the compatibility suite in compat/: the official Parse JS SDK (npm package parse) driving a
 * real node, exactly as an app would. Needs Node.js and npm on the PATH.
 */
@DisplayName("The official Parse JS SDK works against Parsec unchanged")
class JsSdkCompatibilityTest {

  @Test
  @DisplayName("the compat/ suite passes against a node")
  void sdkSuitePasses() throws Exception {
    // push goes to the local stand-ins for FCM and APNs, so that Parse.Push.send is followed to its end
    PushFixture push = new PushFixture();
    var settings = push.settings(TestDatabases.fresh());
    settings.put("livequery_classes", "*");
    Node node = TestNodes.start(settings);
    try {
      Path log = Files.createTempFile("parsec-compat", ".log");
      Process suite = new ProcessBuilder("bash", "scripts/compat.sh",
          node.config().serverUrl().replace("localhost", "127.0.0.1"), TestNodes.APP_ID, TestNodes.MASTER_KEY,
          // -Dcompat.files=test/jobs-push.test.mjs runs one file of the suite
          System.getProperty("compat.files", "test/"))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean finished = suite.waitFor(10, TimeUnit.MINUTES);
      String output = Files.readString(log);
      System.out.println(output);
      assertEquals(true, finished, "the suite finished in time");
      assertEquals(0, suite.exitValue(), "the SDK suite failed:\n" + output);
    } finally {
      node.stop();
      push.close();
    }
  }
}
