package dev.parsec.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.ConfigLoader;
import dev.parsec.serverinfo.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** java -jar parsec.jar as an operator types it: Main in a JVM of its own, with the test class path. */
@DisplayName("The command line: --help and --version answer and exit 0 without starting anything")
class CommandLineTest {

  @TempDir
  Path dir;

  /** Exit code, stdout, stderr of Main run with these arguments and environment, in dir. */
  record Run(int exit, String out, String err) {
  }

  Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.parsec.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PARSEC_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "Main returned");
    return new Run(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("--help lists every key Parsec reads with its default and meaning, and starts nothing")
  void help() throws Exception {
    // a port that is taken and no database: had it started anything, it would fail or log
    Run run = run(Map.of(), "--help", "--data_dir=" + dir.resolve("data"));
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
    Run run = run(Map.of(), "--version");
    assertEquals(0, run.exit(), run.err());
    assertEquals("parsec " + Version.PARSEC + "\n", run.out());
    assertTrue(Version.PARSEC.matches("\\d+\\.\\d+.*"), "the version Maven wrote: " + Version.PARSEC);
  }
}
