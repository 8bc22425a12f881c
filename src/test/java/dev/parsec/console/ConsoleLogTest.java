package dev.parsec.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.ConfigException;
import dev.parsec.config.ConfigLoader;
import dev.parsec.config.DatabaseUrl;
import dev.parsec.config.LogSettings;
import dev.parsec.support.TestDatabases;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The console: log_level and log_format, checked at start and applied to the node's stdout")
class ConsoleLogTest {

  /** A text line: date, time, level, logger, message. */
  private static final String TEXT_LINE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (ERROR|WARN |INFO |DEBUG) \\S+ - .*";

  @TempDir
  Path dir;

  @Test
  @DisplayName("a level or a format Parsec does not know stops the start with one line; case does not matter")
  void validation() {
    assertEquals("configuration log_level: must be error, warn, info or debug (got 'verbose')",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("log_level", "verbose"))).getMessage());
    assertEquals("configuration log_format: must be json or text (got 'xml')",
        assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("log_format", "xml"))).getMessage());
    assertEquals(new LogSettings(LogSettings.Level.WARN, LogSettings.Format.TEXT),
        ConfigLoader.fromValues(Map.of("log_level", "WARN", "log_format", "Text")).logging());
    LogSettings defaults = ConfigLoader.fromValues(Map.of()).logging();
    assertEquals(LogSettings.Level.INFO, defaults.level());
    // the test's stdout is no terminal (System.console() tells): JSON, as for a log shipper
    assertEquals(System.console() == null ? LogSettings.Format.JSON : LogSettings.Format.TEXT, defaults.format());
  }

  @Test
  @DisplayName("log_format text: a node's start and stop are one readable line per event on stdout")
  void textLines() throws Exception {
    List<String> lines = logLines(startAndStop("--log_format=text"));
    assertFalse(lines.isEmpty(), "the node logged its start");
    for (String line : lines) {
      assertTrue(line.matches(TEXT_LINE), "a readable line: " + line);
    }
    assertTrue(lines.stream().anyMatch(line -> line.contains(" INFO  dev.parsec.")), "Parsec's info lines: " + lines);
    assertTrue(lines.stream().anyMatch(line -> line.contains("stopped")), "the stop too: " + lines);
    assertTrue(lines.stream().anyMatch(line -> line.matches(".* INFO  parsec\\.access - request requestId=\\S+ method=GET"
        + " path=/parse/health status=200 .*client=127\\.0\\.0\\.1.*")), "the access log's fields: " + lines);
  }

  @Test
  @DisplayName("log_format json and log_level warn: JSON objects only, none of Parsec's info lines")
  void jsonWarn() throws Exception {
    String out = startAndStop("--log_format=json", "--log_level=warn");
    for (String line : logLines(out)) {
      assertTrue(line.startsWith("{") && line.endsWith("}"), "a JSON object: " + line);
      JsonObject event = new JsonObject(line);
      assertFalse(event.getString("loggerName", "").startsWith("dev.parsec") && "INFO".equals(event.getString("level")),
          "no info line of Parsec at warn: " + line);
    }
    assertFalse(out.contains("\"stopped\""), "the info line 'stopped' is left out");
  }

  @Test
  @DisplayName("with admin_port set, the banner points at it for /health, /ready and /metrics")
  void bannerNamesTheAdminPort() throws Exception {
    int adminPort = freePort();
    String out = startAndStop("--log_format=text", "--admin_port=" + adminPort);
    assertTrue(out.contains("   health       http://localhost:" + adminPort + "/health  /ready  /metrics   (admin_port; /parse/health on "),
        out);
  }

  @Test
  @DisplayName("log_format json with an otel_endpoint that refuses: the tracing SDK's failed export is a JSON line of the node's log, not stderr text")
  void tracingSdkLogsAsTheNode() throws Exception {
    MainProcess.Started node = startAwaitAndStop("Failed to export", "--log_format=json", "--otel_endpoint=http://127.0.0.1:" + freePort() + "/v1/traces");
    assertTrue(logLines(node.out()).stream().anyMatch(line -> line.startsWith("{") && line.contains("Failed to export")
        && line.contains("\"loggerName\":\"io.opentelemetry")), node.out());
    assertFalse(node.err().contains("Failed to export"), node.err());
  }

  private String startAndStop(String... flags) throws Exception {
    return startAwaitAndStop(null, flags).out();
  }

  /**
   * Starts a node by Main on a fresh database, waits for its banner, sends it a request, waits (at most 20 s) for
   * the awaited text on its stdout if any, stops it by SIGTERM.
   */
  private MainProcess.Started startAwaitAndStop(String awaited, String... flags) throws Exception {
    DatabaseUrl db = TestDatabases.fresh();
    String url = "postgres://" + db.user() + (db.password() == null || db.password().isEmpty() ? "" : ":" + db.password())
        + "@" + db.host() + ":" + db.port() + "/" + db.database();
    int port = freePort();
    List<String> args = new java.util.ArrayList<>(List.of("--port=" + port, "--data_dir=" + dir.resolve("data"),
        "--http_instances=1", "--password_hash_threads=1"));
    args.addAll(List.of(flags));
    MainProcess.Started node = MainProcess.start(dir, Map.of("PARSEC_DATABASE_URL", url), args.toArray(String[]::new));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!node.out().contains("Parsec is serving the Parse API") && node.process().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(node.out().contains("Parsec is serving the Parse API"), "started:\n" + node.out() + node.err());
    // one request, for the access log
    java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + port + "/parse/health")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
    Thread.sleep(500);
    long awaiting = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (awaited != null && !node.out().contains(awaited) && System.nanoTime() < awaiting) {
      Thread.sleep(200);
    }
    node.process().destroy();
    assertTrue(node.process().waitFor(60, TimeUnit.SECONDS), "stopped on SIGTERM");
    assertEquals(0, node.process().exitValue(), node.err());
    return node;
  }

  /** stdout less the banner Main prints (lines of dashes and indented lines). */
  private static List<String> logLines(String out) {
    return out.lines().filter(line -> !line.isBlank() && !line.startsWith("---") && !line.startsWith(" ")).toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
