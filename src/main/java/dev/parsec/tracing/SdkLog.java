package dev.parsec.tracing;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK's own log (java.util.logging: an export that failed, a queue full) sent to the node's log, in
 * its format: otherwise the JDK prints it on stderr as plain multi-line text, beside a node logging JSON.
 */
final class SdkLog extends Handler {

  private static final Logger SDK = Logger.getLogger("io.opentelemetry");
  private static final SimpleFormatter MESSAGE = new SimpleFormatter();

  private SdkLog() {
  }

  /** Once per JVM: the SDK's loggers then write to this handler only. */
  static synchronized void install() {
    for (Handler handler : SDK.getHandlers()) {
      if (handler instanceof SdkLog) {
        return;
      }
    }
    SDK.setUseParentHandlers(false);
    SDK.addHandler(new SdkLog());
  }

  @Override
  public void publish(LogRecord record) {
    org.slf4j.Logger log = LoggerFactory.getLogger(record.getLoggerName() == null ? SDK.getName() : record.getLoggerName());
    String message = MESSAGE.formatMessage(record);
    if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
      log.error(message, record.getThrown());
    } else if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      log.warn(message, record.getThrown());
    } else if (record.getLevel().intValue() >= Level.INFO.intValue()) {
      log.info(message, record.getThrown());
    } else {
      log.debug(message, record.getThrown());
    }
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
  }
}
