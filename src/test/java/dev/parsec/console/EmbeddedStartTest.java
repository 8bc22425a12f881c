package dev.parsec.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The embedded PostgreSQL as an operator meets it: progress on a first start, no warning, one line when it cannot start")
class EmbeddedStartTest {

  private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (ERROR|WARN |INFO |DEBUG) (\\S+) - (.*)");

  @TempDir
  Path dir;

  @Test
  @DisplayName("a first start with nothing configured says what it unpacks, initialises and migrates, and how long it took; no WARN or ERROR line")
  void cleanFirstStart() throws Exception {
    // a folder PostgreSQL's user can reach when the test runs as root; its own temp folder, so the binaries unpack
    Path base = TestDatabases.TestDirs.create("first-start");
    try {
      Path tmp = Files.createDirectories(base.resolve("tmp"));
      Path data = base.resolve("data");
      int port = TestNodes.freePort();
      MainProcess.Started node = MainProcess.start(base, Map.of(), List.of("-Djava.io.tmpdir=" + tmp),
          "--port=" + port, "--data_dir=" + data, "--log_format=text", "--http_instances=1", "--password_hash_threads=1");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!node.out().contains("Parsec is serving the Parse API") && node.process().isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertTrue(node.out().contains("Parsec is serving the Parse API"), "started:\n" + node.out() + node.err());
      node.process().destroy();
      assertTrue(node.process().waitFor(60, TimeUnit.SECONDS), "stopped on SIGTERM");
      assertEquals(0, node.process().exitValue(), node.err());
      String out = node.out();

      List<String> messages = out.lines().map(LOG_LINE::matcher).filter(java.util.regex.Matcher::matches)
          .map(m -> m.group(3)).toList();
      int unpacking = indexOf(messages, "unpacking PostgreSQL \\d+\\.\\d+ binaries into " + Pattern.quote(tmp.toString())
          + "/parsec-postgres-\\d+ \\(once for each version\\)");
      int initialising = indexOf(messages, Pattern.quote("initialising the database in " + data.resolve("postgres") + " (first start)"));
      int ready = indexOf(messages, "PostgreSQL \\d+\\.\\d+ ready on 127\\.0\\.0\\.1:\\d+ in \\d+\\.\\d s, its data in "
          + Pattern.quote(data.resolve("postgres").toString()));
      int migrated = indexOf(messages, "database parsec: \\d+ migrations applied in \\d+\\.\\d s");
      assertTrue(unpacking >= 0 && unpacking < initialising && initialising < ready && ready < migrated,
          "progress lines, in order:\n" + out);

      List<String> warnings = out.lines().map(LOG_LINE::matcher).filter(java.util.regex.Matcher::matches)
          .filter(m -> m.group(1).startsWith("WARN") || m.group(1).startsWith("ERROR"))
          // a Linux machine where Netty's epoll cannot load warns that it is slower, and rightly
          .filter(m -> io.netty.channel.epoll.Epoll.isAvailable() || !m.group(3).startsWith("native transport (epoll) unavailable"))
          // the verticles' start (classes loading) passes Vert.x's 2 s event-loop limit only on a machine starved of
          // CPU, as this one is when test JVMs share two cores: that warning is about the machine, and stays
          .filter(m -> !m.group(2).endsWith("BlockedThreadChecker"))
          .map(java.util.regex.Matcher::group).toList();
      assertEquals(List.of(), warnings, "no warning on a clean first start:\n" + out);
      assertEquals("", node.err().strip(), "nothing on stderr");
      assertTrue(out.contains("   health       http://localhost:" + port + "/health  /ready  /metrics\n"), out);
    } finally {
      deleteTree(base);
    }
  }

  @Test
  @DisplayName("a data folder of another PostgreSQL major version stops the start with one line saying what to do, and is left as it was")
  void otherMajorVersion() throws Exception {
    Path data = dir.resolve("data");
    Path postgres = Files.createDirectories(data.resolve("postgres"));
    Files.writeString(postgres.resolve("PG_VERSION"), "16\n");
    Files.createDirectories(postgres.resolve("base/1"));
    Files.writeString(postgres.resolve("base/1/1259"), "a table of PostgreSQL 16");
    Files.writeString(postgres.resolve("postgresql.conf"), "port = 5432\n");
    Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwx------"));
    Map<String, String> before = snapshot(postgres);

    MainProcess.Run run = MainProcess.run(dir, Map.of(), "--port=" + TestNodes.freePort(), "--data_dir=" + data,
        "--http_instances=1", "--log_format=text");

    assertEquals(1, run.exit(), run.out() + run.err());
    String line = run.err().strip();
    assertEquals(1, line.lines().count(), "one line:\n" + run.err());
    assertTrue(line.matches("parsec: could not start: " + Pattern.quote(postgres.toString()) + " holds a PostgreSQL 16 database;"
        + " this Parsec embeds PostgreSQL \\d+\\. Start the Parsec version that made it and run `java -jar parsec\\.jar backup"
        + " --to DIR`, then `java -jar parsec\\.jar restore --from DIR` with this one, or point database_url at a PostgreSQL 16"
        + " server"), line);
    assertTrue(!run.out().contains("\tat ") && !run.out().contains(" ERROR "), "no stack trace, no second account:\n" + run.out());
    assertEquals(before, snapshot(postgres), "the folder is untouched");
  }

  @Test
  @DisplayName("started as root with a data_dir under a folder the server's user (nobody) cannot pass: one line naming it and the fix")
  void unreachableAsRoot() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "the server runs as another user only when Parsec runs as root");
    // as mktemp -d makes it: root's, mode 700
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path data = dir.resolve("data");

    MainProcess.Run run = MainProcess.run(dir, Map.of(), "--port=" + TestNodes.freePort(), "--data_dir=" + data,
        "--http_instances=1", "--log_format=text");

    assertEquals(1, run.exit(), run.out() + run.err());
    assertEquals("parsec: could not start: PostgreSQL runs as user nobody and cannot reach " + data.resolve("postgres")
        + ": make " + dir + " traversable (chmod o+x " + dir + ") or choose a data_dir under a folder it can reach",
        run.err().strip());
    assertTrue(!run.out().contains("\tat ") && !run.out().contains(" ERROR "), "no stack trace:\n" + run.out());
    assertTrue(!Files.exists(data.resolve("postgres")), "nothing made for PostgreSQL");
  }

  private static int indexOf(List<String> messages, String regex) {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).matches(regex)) {
        return i;
      }
    }
    return -1;
  }

  /** Every file and folder under root: its contents (folders: its permissions) and modification time. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : all.toList()) {
        String what = Files.isDirectory(path) ? PosixFilePermissions.toString(Files.getPosixFilePermissions(path))
            : Files.readString(path);
        files.put(root.relativize(path).toString(), what + " @" + Files.getLastModifiedTime(path));
      }
    }
    return files;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
