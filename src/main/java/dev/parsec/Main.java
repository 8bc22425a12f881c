package dev.parsec;

import ch.qos.logback.classic.LoggerContext;
import dev.parsec.backup.BackupCommands;
import dev.parsec.config.ConfigException;
import dev.parsec.config.ConfigHelp;
import dev.parsec.config.ConfigLoader;
import dev.parsec.config.ParsecConfig;
import dev.parsec.db.EmbeddedPostgresRefused;
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
    } catch (EmbeddedPostgresRefused e) {
      // the operator's to fix, and the line says how: no stack trace to read past
      System.err.println("parsec: could not start: " + e.getMessage());
      System.exit(1);
      return;
    } catch (Exception e) {
      LOG.error("parsec could not start: {}", e.getMessage(), e);
      System.err.println("parsec: could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopping.compareAndSet(false, true)) {
        LOG.info("stopping: draining requests in flight (grace {}s), leaving the cluster", config.shutdownGrace().toSeconds());
        try {
          node.stop();
          LOG.info("stopped");
          // writes the lines Logback still queues (the access log's last batch)
          if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
            logs.stop();
          }
        } catch (RuntimeException e) {
          LOG.error("stop failed: {}", e.getMessage(), e);
          Runtime.getRuntime().halt(1);
        }
      }
    };
    // before the banner, which tells whoever waits for it that the node may now be stopped: a SIGTERM sent at
    // once must find the stop in place (else the JVM exits at once and leaves the node unstopped)
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "parsec-shutdown-hook"));
    // a signal handler rather than only a shutdown hook, so that an orderly stop exits 0
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> new Thread(() -> {
        stop.run();
        System.exit(0);
      }, "parsec-stop").start());
    }
    printBanner(node.config(), config.masterKey().isEmpty());
    if (!node.vertx().isNativeTransportEnabled()) {
      // on Linux the jar brings epoll, so its absence costs throughput there and is worth a warning; elsewhere
      // (a laptop on macOS or Windows) NIO is what there is
      String cause = String.valueOf(node.vertx().unavailableNativeTransportCause());
      if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
        LOG.warn("native transport (epoll) unavailable, using NIO: {}", cause);
      } else {
        LOG.info("no native transport on this system, using NIO: {}", cause);
      }
    }
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
    if (config.replicas().configured()) {
      System.out.println("   replicas     " + config.replicas().urls().stream().map(Object::toString)
          .collect(java.util.stream.Collectors.joining(", ")));
    }
    System.out.println("   health       http://localhost:" + config.adminPort().orElse(config.port()) + "/health  /ready  /metrics"
        + (config.adminPort().isPresent() ? "   (admin_port; " + config.mountPath() + "/health on " + config.port() + ")" : ""));
    System.out.println("   roles        " + config.roles().name().toLowerCase() + (config.clustered()
        ? ", cluster " + config.cluster().name() + " of " + config.cluster().kubernetesServiceDns().orElse(config.clusterMembers().toString())
        : ", single node"));
    System.out.println(" Try: curl -X POST -H 'X-Parse-Application-Id: " + config.appId() + "' -H 'X-Parse-Master-Key: ...'"
        + " -d '{\"score\":1}' " + config.serverUrl() + "/classes/GameScore");
    System.out.println(line);
  }
}
