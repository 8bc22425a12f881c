package dev.parsec.backup;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.support.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The backup and restore subcommands as the tests run them, and what the tests look at around them. */
final class BackupRuns {

  private BackupRuns() {
  }

  record Run(int exit, String out, String err) {
  }

  /** The subcommand as Main runs it, with the node's settings as --key=value flags and no PARSEC_* variables. */
  static Run command(String name, String option, String dir, Map<String, String> settings) {
    List<String> args = new ArrayList<>(List.of(name, option, dir));
    settings.forEach((key, value) -> args.add("--" + key + "=" + value));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = BackupCommands.run(args.toArray(String[]::new), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static long tables(DatabaseUrl url) {
    return TestDatabases.count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
  }

  static Path copyOf(Path dir) throws IOException {
    Path copy = Files.createTempDirectory("parsec-backup-copy");
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        Path target = copy.resolve(dir.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return copy;
  }
}
