package dev.parsec.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** java -jar parsec.jar as an operator types it: Main in a JVM of its own, with the test class path and the jar's logback.xml, in a folder. */
final class MainProcess {

  /** Exit code, stdout and stderr of one run. */
  record Run(int exit, String out, String err) {
  }

  private MainProcess() {
  }

  /** Runs Main in dir with these arguments and, of the PARSEC_* variables, only env's; waits up to a minute. */
  static Run run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
    return run(dir, env, List.of(), args);
  }

  static Run run(Path dir, Map<String, String> env, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    Started started = start(dir, env, jvmOptions, args);
    Process process = started.process();
    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    assertTrue(ended, "Main returned within a minute");
    return new Run(process.exitValue(), started.out(), started.err());
  }

  /** A running Main, its stdout and stderr going to files. */
  record Started(Process process, Path stdout, Path stderr) {
    String out() throws IOException {
      return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    }
  }

  static Started start(Path dir, Map<String, String> env, String... args) throws IOException {
    return start(dir, env, List.of(), args);
  }

  /** As above, with options for the JVM (such as -Djava.io.tmpdir=...). */
  static Started start(Path dir, Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        // the jar's Logback configuration, not the tests' logback-test.xml
        "-Dlogback.configurationFile=" + MainProcess.class.getResource("/logback.xml")));
    command.addAll(jvmOptions);
    command.add("dev.parsec.Main");
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PARSEC_"));
    builder.environment().putAll(env);
    return new Started(builder.start(), out, err);
  }
}
