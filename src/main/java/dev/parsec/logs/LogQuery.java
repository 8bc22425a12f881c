package dev.parsec.logs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;

/**
 * What /scriptlog asks, as Parse Server reads it: level (error: errors only; otherwise info, every line),
 * from and until (default: the last 7 days), size (or n; default 10) and order (asc, or desc by default).
 */
record LogQuery(boolean errorsOnly, long from, long until, int size, boolean ascending) {

  /** No answer holds more lines than this, whatever size asks. */
  static final int MAX_SIZE = 10_000;

  static LogQuery of(JsonObject query, long now) {
    String size = text(query, "n") != null ? text(query, "n") : text(query, "size");
    int lines = 10;
    if (size != null) {
      try {
        lines = (int) Math.min(MAX_SIZE, Math.max(0, Double.parseDouble(size)));
      } catch (NumberFormatException e) {
        lines = 10; // as Parse Server: Number(size) || 10
      }
    }
    if (lines == 0) {
      lines = 10;
    }
    long from = time(text(query, "from"), now - 7L * 86_400_000L);
    long until = time(text(query, "until"), now);
    return new LogQuery("error".equals(text(query, "level")), from, until, lines, "asc".equals(text(query, "order")));
  }

  boolean matches(LogLine line) {
    return line.time() >= from && line.time() <= until && (!errorsOnly || "error".equals(line.level()));
  }

  /**
   * The lines to answer, as Parse Server's file logger picks them: newest first, the newest size of the window;
   * with order=asc, oldest first, the oldest size of it.
   */
  List<LogLine> pick(List<LogLine> lines) {
    Comparator<LogLine> byTime = Comparator.comparingLong(LogLine::time).thenComparing(LogLine::id);
    return lines.stream().filter(this::matches).sorted(ascending ? byTime : byTime.reversed()).limit(size).toList();
  }

  JsonObject toJson() {
    return new JsonObject().put("errorsOnly", errorsOnly).put("from", from).put("until", until).put("size", size)
        .put("ascending", ascending);
  }

  static LogQuery fromJson(JsonObject json) {
    return new LogQuery(json.getBoolean("errorsOnly"), json.getLong("from"), json.getLong("until"), json.getInteger("size"),
        json.getBoolean("ascending"));
  }

  private static String text(JsonObject query, String key) {
    Object value = query.getValue(key);
    return value == null ? null : String.valueOf(value);
  }

  /** An ISO 8601 date or time, or epoch milliseconds; a value that is none of them is ignored, as Parse Server ignores it. */
  private static long time(String text, long fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      if (text.matches("\\d{1,15}")) {
        return Long.parseLong(text);
      }
      if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException | NumberFormatException e) {
      return fallback;
    }
  }
}
