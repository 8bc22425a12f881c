package dev.parsec.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The most recent log lines, bounded both in count and in bytes: adding a line drops the oldest ones until it
 * fits. A line longer than a tenth of the bytes allowed is cut. Safe to use from any thread.
 */
final class LogRing {

  /** A line's message is cut to this many characters, whatever the ring's size. */
  static final int MAX_MESSAGE = 8_192;

  private final String id = UUID.randomUUID().toString();
  private final ArrayDeque<LogLine> lines = new ArrayDeque<>();
  private final int maxLines;
  private final long maxBytes;
  private long bytes;
  private long sequence;

  LogRing(int maxLines, long maxBytes) {
    this.maxLines = maxLines;
    this.maxBytes = maxBytes;
  }

  synchronized void add(long time, String level, String message) {
    if (maxLines == 0 || maxBytes < 128) {
      return;
    }
    int room = (int) Math.min(MAX_MESSAGE, Math.max(16, (maxBytes / 10 - 64) / 2));
    String text = message.length() > room ? message.substring(0, room) + "…(cut)" : message;
    LogLine line = new LogLine(id + ":" + sequence++, time, level, text);
    lines.addLast(line);
    bytes += line.size();
    while (lines.size() > maxLines || bytes > maxBytes) {
      bytes -= lines.removeFirst().size();
    }
  }

  /** The lines that match, oldest first. */
  synchronized List<LogLine> lines(Predicate<LogLine> matches) {
    List<LogLine> found = new ArrayList<>();
    for (Iterator<LogLine> it = lines.iterator(); it.hasNext(); ) {
      LogLine line = it.next();
      if (matches.test(line)) {
        found.add(line);
      }
    }
    return found;
  }

  synchronized int size() {
    return lines.size();
  }

  synchronized long bytes() {
    return bytes;
  }
}
