package dev.parsec.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log rings of this process: one per node (its Vert.x instance), fed by a Logback appender on the root
 * logger. A line logged on a node's thread (an event loop, a worker, a job's thread) goes to that node's ring;
 * any other (Hazelcast's threads, startup) to the process's ring, which every node of the process answers too.
 * Kept: warnings and errors of every logger, and info lines of Parsec and of cloud code (not the access log,
 * nor the libraries' chatter). Every node's secrets (its master, maintenance and webhook keys, SMTP and S3
 * secrets) are masked before a line is kept.
 */
final class LogRings {

  /** Loggers whose info lines are no cloud code or server event worth showing: the access log and libraries. */
  private static final List<String> QUIET = List.of("parsec.access", "com.hazelcast", "io.netty", "io.vertx", "org.flywaydb",
      "com.zaxxer", "org.postgresql", "io.micrometer", "ch.qos.logback");

  private static final Map<Vertx, LogRing> BY_NODE = new ConcurrentHashMap<>();
  private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();
  private static volatile LogRing process;
  private static boolean installed;

  private LogRings() {
  }

  /** A node's ring, made now; the appender is installed with the first one. */
  static synchronized LogRing register(Vertx vertx, int lines, long bytes, Set<String> secrets) {
    secrets.stream().filter(secret -> secret != null && secret.length() >= 4).forEach(SECRETS::add);
    LogRing ring = new LogRing(lines, bytes);
    BY_NODE.put(vertx, ring);
    if (process == null) {
      process = new LogRing(lines, bytes);
    }
    if (!installed && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      Appender appender = new Appender();
      appender.setContext(context);
      appender.setName("parsec-log-ring");
      appender.start();
      context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
      installed = true;
    }
    return ring;
  }

  static void unregister(Vertx vertx) {
    BY_NODE.remove(vertx);
  }

  /** The ring of the process, for lines logged off every node's threads (null before any node). */
  static LogRing process() {
    return process;
  }

  static boolean kept(ILoggingEvent event) {
    Level level = event.getLevel();
    if (level.isGreaterOrEqual(Level.WARN)) {
      return true;
    }
    if (level != Level.INFO) {
      return false;
    }
    String logger = event.getLoggerName();
    return QUIET.stream().noneMatch(logger::startsWith);
  }

  static String levelName(Level level) {
    return level.isGreaterOrEqual(Level.ERROR) ? "error" : level.isGreaterOrEqual(Level.WARN) ? "warn" : "info";
  }

  /** The message and, when it failed with one, the exception's class and message (not its stack), secrets masked. */
  static String text(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(String.valueOf(event.getFormattedMessage()));
    IThrowableProxy failure = event.getThrowableProxy();
    if (failure != null) {
      text.append(" (").append(failure.getClassName());
      if (failure.getMessage() != null) {
        text.append(": ").append(failure.getMessage());
      }
      text.append(')');
    }
    String masked = text.toString();
    for (String secret : SECRETS) {
      if (masked.contains(secret)) {
        masked = masked.replace(secret, "********");
      }
    }
    return masked;
  }

  /** Feeds the rings; never logs itself. */
  private static final class Appender extends AppenderBase<ILoggingEvent> {

    @Override
    protected void append(ILoggingEvent event) {
      if (!kept(event)) {
        return;
      }
      Context context = Vertx.currentContext();
      LogRing ring = context == null ? null : BY_NODE.get(context.owner());
      if (ring == null) {
        ring = process;
      }
      if (ring != null) {
        ring.add(event.getTimeStamp(), levelName(event.getLevel()), text(event));
      }
    }
  }
}
