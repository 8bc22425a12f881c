package dev.parsec.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A node's log ring keeps the newest lines, bounded in count and in bytes")
class LogRingTest {

  @Test
  @DisplayName("past its line count, the oldest lines go")
  void boundedInLines() {
    LogRing ring = new LogRing(100, 10_000_000);
    for (int i = 0; i < 250; i++) {
      ring.add(i, "info", "line " + i);
    }
    List<LogLine> kept = ring.lines(line -> true);
    assertEquals(100, kept.size());
    assertEquals("line 150", kept.get(0).message());
    assertEquals("line 249", kept.get(99).message());
  }

  @Test
  @DisplayName("past its bytes, the oldest lines go; a line too long is cut")
  void boundedInBytes() {
    LogRing ring = new LogRing(1_000_000, 100_000);
    for (int i = 0; i < 1_000; i++) {
      ring.add(i, "info", "x".repeat(1_000) + i);
    }
    assertTrue(ring.bytes() <= 100_000, ring.bytes() + " bytes");
    assertTrue(ring.size() < 100 && ring.size() > 30, ring.size() + " lines");
    ring.add(2_000, "error", "y".repeat(1_000_000));
    List<LogLine> kept = ring.lines(line -> line.level().equals("error"));
    assertTrue(kept.get(0).message().length() < 10_000 && kept.get(0).message().endsWith("…(cut)"));
    assertTrue(ring.bytes() <= 100_000);
  }

  @Test
  @DisplayName("a query picks Parse Server's default of 10 newest lines; n overrides size")
  void queryDefaults() {
    LogRing ring = new LogRing(1000, 10_000_000);
    long now = System.currentTimeMillis();
    for (int i = 0; i < 50; i++) {
      ring.add(now - 1000 + i, i % 10 == 0 ? "error" : "info", "line " + i);
    }
    LogQuery plain = LogQuery.of(new io.vertx.core.json.JsonObject(), now);
    List<LogLine> picked = plain.pick(ring.lines(plain::matches));
    assertEquals(10, picked.size());
    assertEquals("line 49", picked.get(0).message());
    LogQuery errors = LogQuery.of(new io.vertx.core.json.JsonObject().put("level", "error").put("size", "2").put("n", "3"), now);
    assertEquals(List.of("line 40", "line 30", "line 20"), errors.pick(ring.lines(errors::matches)).stream().map(LogLine::message).toList());
  }
}
