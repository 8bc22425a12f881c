package dev.parsec;

import dev.parsec.backup.BackupCommands;
import dev.parsec.config.ConfigException;
import dev.parsec.config.ConfigHelp;
import dev.parsec.config.ConfigLoader;
import dev.parsec.config.ParsecConfig;
import dev.parsec.logs.ConsoleLog;
import dev.parsec.node.Node;
import dev.parsec.serverinfo.Version;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** java -jar parsec.jar [--config FILE] [--key=value ...], or --help, or --version, or backup --to DIR, or restore --from DIR */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && BackupCommands.NAMES.contains(args[0])) {
      System.exit(BackupCommands.run(args, System.getenv(), System.out, System.err));
      return;
    }
    // answered before anything starts (no configuration read, no database, no port)
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(ConfigHelp.text());
      System.exit(0);
      return;
    }
    if (List.of(args).contains("--version")) {
      System.out.println("parsec " + Version.PARSEC);
      System.exit(0);
      return;
    }
    ParsecConfig config;
    try {
      config = ConfigLoader.load(args, System.getenv());
    } catch (ConfigException e) {
      System.err.println("parsec: " + e.getMessage());
      System.exit(2);
      return;
    }
    ConsoleLog.apply(config.logging());
    Node node;
    try {
      node = Node.start(config);
    } catch (Exception e) {
      LOG.error("parsec could not start: {}", e.getMessage(), e);
      System.err.println("parsec: could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    printBanner(node.config(), config.masterKey().isEmpty());
    if (!node.vertx().isNativeTransportEnabled()) {
      LOG.warn("native transport unavailable, using NIO: {}", String.valueOf(node.vertx().unavailableNativeTransportCause()));
    }
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopping.compareAndSet(false, true)) {
        LOG.info("stopping: draining requests in flight (grace {}s), leaving the cluster", config.shutdownGrace().toSeconds());
        try {
          node.stop();
          LOG.info("stopped");
        } catch (RuntimeException e) {
          LOG.error("stop failed: {}", e.getMessage(), e);
          Runtime.getRuntime().halt(1);
        }
      }
    };
    // a signal handler rather than only a shutdown hook, so that an orderly stop exits 0
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> new Thread(() -> {
        stop.run();
        System.exit(0);
      }, "parsec-stop").start());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "parsec-shutdown-hook"));
  }

  private static void printBanner(ParsecConfig config, boolean generatedKey) {
    String line = "-".repeat(72);
    System.out.println(line);
    System.out.println(" Parsec is serving the Parse API");
    System.out.println("   server URL   " + config.serverUrl());
    System.out.println("   app id       " + config.appId());
    System.out.println("   master key   " + (generatedKey
        ? config.masterKey().orElseThrow() + "   (kept in " + config.dataDir().resolve("master.key") + ")"
        : "(as configured)"));
    System.out.println("   database     " + config.databaseUrl().orElseThrow());
    System.out.println("   health       http://localhost:" + config.port() + "/health  /ready  /metrics");
    System.out.println("   roles        " + config.roles().name().toLowerCase() + (config.clustered()
        ? ", cluster of " + config.clusterMembers() : ", single node"));
    System.out.println(" Try: curl -X POST -H 'X-Parse-Application-Id: " + config.appId() + "' -H 'X-Parse-Master-Key: ...'"
        + " -d '{\"score\":1}' " + config.serverUrl() + "/classes/GameScore");
    System.out.println(line);
  }
}
