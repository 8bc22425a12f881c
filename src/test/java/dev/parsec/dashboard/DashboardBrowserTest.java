package dev.parsec.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.push.PushFixture;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Parse Dashboard (the npm parse-dashboard, pinned in compat/dashboard) against a real node, driven in
 * headless Chromium by compat/dashboard/run.mjs through scripts/dashboard-test.sh, which installs Chromium
 * and the npm packages when they are missing. Each step of the script does what a person does in the
 * dashboard and checks the result through the REST API; the run fails on any console error in the page and
 * on any request to the node that fails, and leaves a screenshot under target/dashboard-screenshots.
 */
@DisplayName("Parse Dashboard works against Parsec in a real browser")
class DashboardBrowserTest {

  @Test
  @DisplayName("sign in, browse and edit data, permissions, Config, Webhooks, Jobs, Push and Logs, with no error")
  void dashboardDrivesANode() throws Exception {
    // pushes go to the local stand-ins for FCM and APNs; the jobs are the test classpath's cloud code (TestFunctions)
    PushFixture push = new PushFixture();
    Map<String, String> settings = push.settings(TestDatabases.fresh());
    Node node = TestNodes.startReady(settings);
    try {
      Path log = Files.createTempFile("parsec-dashboard", ".log");
      ProcessBuilder run = new ProcessBuilder("bash", "scripts/dashboard-test.sh",
          node.config().serverUrl().replace("localhost", "127.0.0.1"), TestNodes.APP_ID, TestNodes.MASTER_KEY)
          .redirectErrorStream(true).redirectOutput(log.toFile());
      run.environment().put("PARSEC_PUSH", "true");
      run.environment().put("SCREENSHOT_DIR", Path.of("target", "dashboard-screenshots").toAbsolutePath().toString());
      Process script = run.start();
      boolean finished = script.waitFor(15, TimeUnit.MINUTES);
      if (!finished) {
        script.destroyForcibly();
      }
      String output = Files.readString(log);
      System.out.println(output);
      assertTrue(finished, "the dashboard run finished in time:\n" + output);
      assertEquals(0, script.exitValue(), "the dashboard run failed:\n" + output);
    } finally {
      node.stop();
      push.close();
    }
  }
}
