package dev.parsec.backup;

import dev.parsec.config.ConfigException;
import dev.parsec.config.ConfigLoader;
import dev.parsec.config.ParsecConfig;
import dev.parsec.db.EmbeddedPostgresRefused;
import dev.parsec.logs.ConsoleLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backup and restore subcommands: {@code backup --to DIR} and {@code restore --from DIR}, each
 * followed by the node's own configuration (--config FILE, --key=value flags, PARSEC_* variables).
 * Progress goes to out, one line at a time; a failure is one line on err and a non-zero exit code.
 */
public final class BackupCommands {

  public static final Set<String> NAMES = Set.of("backup", "restore");

  private BackupCommands() {
  }

  /** Runs args (the first is backup or restore) and returns the process's exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String command = args[0];
    String option = command.equals("backup") ? "to" : "from";
    String usage = "usage: java -jar parsec.jar " + command + " --" + option + " DIR [--config FILE] [--key=value ...]";
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(usage);
      return 0;
    }
    String dir = null;
    List<String> configArgs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--" + option) && i + 1 < args.length) {
        dir = args[++i];
      } else if (arg.startsWith("--" + option + "=")) {
        dir = arg.substring(option.length() + 3);
      } else {
        configArgs.add(arg);
      }
    }
    if (dir == null || dir.isBlank()) {
      err.println("parsec " + command + ": which folder? " + usage);
      return 2;
    }
    ParsecConfig config;
    try {
      config = ConfigLoader.load(configArgs.toArray(String[]::new), env);
    } catch (ConfigException e) {
      err.println("parsec " + command + ": " + e.getMessage());
      return 2;
    }
    ConsoleLog.apply(config.logging());
    PrintStream progress = new PrefixedLines(out, command + ": ");
    try {
      if (command.equals("backup")) {
        new Backup(config, progress).to(Path.of(dir));
      } else {
        new Restore(config, progress).from(Path.of(dir));
      }
      return 0;
    } catch (BackupFailed | EmbeddedPostgresRefused e) {
      // both say what is wrong and what to do, in one line, as a node's start does
      err.println("parsec " + command + ": " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("parsec " + command + ": failed: " + e);
      return 1;
    }
  }

  /** Progress lines, each opened with the command's name. */
  private static final class PrefixedLines extends PrintStream {
    private final String prefix;

    PrefixedLines(PrintStream out, String prefix) {
      super(out, true);
      this.prefix = prefix;
    }

    @Override
    public void println(String line) {
      super.println(prefix + line);
    }

    @Override
    public PrintStream printf(java.util.Locale locale, String format, Object... args) {
      print(prefix);
      return super.printf(locale, format, args);
    }
  }
}
