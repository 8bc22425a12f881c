package dev.parsec.tracing;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK logs through java.util.logging (an export that failed, spans dropped because the exporter cannot
 * keep up): its lines go to Parsec's own log, in its format, instead of stderr in JUL's.
 */
final class OtelLogBridge extends Handler {

  /** Held here: java.util.logging keeps its loggers weakly, and a collected one would lose the handler. */
  private static final java.util.logging.Logger OTEL = java.util.logging.Logger.getLogger("io.opentelemetry");
  private static final SimpleFormatter MESSAGE = new SimpleFormatter();

  private OtelLogBridge() {
  }

  static synchronized void install() {
    for (Handler handler : OTEL.getHandlers()) {
      if (handler instanceof OtelLogBridge) {
        return;
      }
    }
    OTEL.setUseParentHandlers(false);
    OTEL.setLevel(Level.INFO);
    OTEL.addHandler(new OtelLogBridge());
  }

  @Override
  public void publish(LogRecord record) {
    Logger log = LoggerFactory.getLogger(record.getLoggerName() == null ? "io.opentelemetry" : record.getLoggerName());
    String message = MESSAGE.formatMessage(record);
    int level = record.getLevel().intValue();
    if (level >= Level.SEVERE.intValue()) {
      log.error(message, record.getThrown());
    } else if (level >= Level.WARNING.intValue()) {
      log.warn(message, record.getThrown());
    } else if (level >= Level.INFO.intValue()) {
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
