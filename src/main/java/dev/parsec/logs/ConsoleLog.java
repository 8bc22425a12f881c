package dev.parsec.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.parsec.config.LogSettings;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies log_level and log_format to the process's Logback, once at start (before the node starts): the
 * level to Parsec's loggers (and, when stricter than info, to the libraries too), the format to the STDOUT and
 * ACCESS appenders of src/main/resources/logback.xml. An operator's own Logback file without that appender keeps its
 * encoder.
 */
public final class ConsoleLog {

  /** The appender logback.xml writes stdout with. */
  static final String APPENDER = "STDOUT";
  /**
   * One line per event: time, level, logger, message, its key-value pairs (the access log's method, path, status...);
   * an exception's first lines folded into it.
   */
  static final String TEXT_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{36} - %replace(%msg){'[\\r\\n]+', ' '}"
      + "%replace( %kvp{NONE}){'^ $', ''}"
      + "%replace(%replace(%ex{short}){'[\\r\\n\\t]+', ' '}){'^(.+?)\\s*$', ' | $1'}%nopex%n";
  /** Loggers named by Parsec; parsec.access keeps its own level (access_log turns it off). */
  private static final String[] PARSEC_LOGGERS = {"dev.parsec", "parsec"};
  private static final String ACCESS = "parsec.access";
  /** The appender logback.xml writes the access log with. */
  private static final String ACCESS_APPENDER = "ACCESS";

  private ConsoleLog() {
  }

  public static void apply(LogSettings settings) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Level level = Level.toLevel(settings.level().name());
    for (String name : PARSEC_LOGGERS) {
      context.getLogger(name).setLevel(level);
    }
    if (level.isGreaterOrEqual(Level.WARN)) {
      // warn or error: the libraries' info lines (Hazelcast's members, for one) go too
      for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
        Level own = logger.getLevel();
        if (own != null && !own.isGreaterOrEqual(level) && !logger.getName().equals(ACCESS)) {
          logger.setLevel(level);
        }
      }
    }
    if (settings.format() == LogSettings.Format.TEXT) {
      Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
      if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
        console.stop();
        console.setEncoder(textEncoder(context));
        console.start();
      }
      if (context.getLogger(ACCESS).getAppender(ACCESS_APPENDER) instanceof BatchedConsoleAppender access) {
        access.stop();
        access.setEncoder(textEncoder(context));
        access.start();
      }
    }
  }

  private static PatternLayoutEncoder textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }
}
