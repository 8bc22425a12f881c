package dev.parsec.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.ConfigLoader;
import dev.parsec.serverinfo.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The command line: --help and --version answer and exit 0 without starting anything")
class CommandLineTest {

  @TempDir
  Path dir;

  MainProcess.Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    return MainProcess.run(dir, env, args);
  }

  @Test
  @DisplayName("--help lists every key Parsec reads with its default and meaning, and starts nothing")
  void help() throws Exception {
    // a port that is taken and no database: had it started anything, it would fail or log
    MainProcess.Run run = run(Map.of(), "--help", "--data_dir=" + dir.resolve("data"));
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("Usage: java -jar parsec.jar"), run.out());
    for (String key : ConfigLoader.keys()) {
      assertTrue(run.out().contains("\n  " + key + " "), "--help names " + key);
    }
    assertTrue(run.out().lines().anyMatch(line -> line.matches("  port +1337")), "port's default");
    assertTrue(run.out().lines().anyMatch(line -> line.matches("  master_key_ips +\\[127.0.0.0/8, \"::1/128\"]")), run.out());
    assertTrue(run.out().lines().anyMatch(line -> line.matches("  smtp_host +unset")), "an example is no default");
    assertTrue(run.out().lines().anyMatch(line -> line.matches("  http_instances +the number of cores")), run.out());
    assertTrue(run.out().contains("HTTP port and interface of the API, /health, /ready and /metrics"), "port's meaning");
    assertTrue(run.out().lines().allMatch(line -> line.length() <= 120), "one short line per key and per meaning");
    assertFalse(Files.exists(dir.resolve("data")), "no data folder made: nothing started");
    assertEquals("", run.err());
  }

  @Test
  @DisplayName("--version prints the build's version, as /serverInfo's parsecVersion")
  void version() throws Exception {
    MainProcess.Run run = run(Map.of(), "--version");
    assertEquals(0, run.exit(), run.err());
    assertEquals("parsec " + Version.PARSEC + "\n", run.out());
    assertTrue(Version.PARSEC.matches("\\d+\\.\\d+.*"), "the version Maven wrote: " + Version.PARSEC);
  }
}
