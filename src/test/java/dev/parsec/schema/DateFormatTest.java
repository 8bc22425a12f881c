package dev.parsec.schema;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Dates are written as Parse writes them: UTC, to the millisecond")
class DateFormatTest {

  private static final DateTimeFormatter PARSE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  @DisplayName("the edges of days, months, leap years and the epoch")
  void edges() {
    assertEquals("1970-01-01T00:00:00.000Z", ParseValues.formatDate(Instant.EPOCH));
    assertEquals("1969-12-31T23:59:59.999Z", ParseValues.formatDate(Instant.ofEpochMilli(-1)));
    assertEquals("2024-02-29T23:59:59.999Z", ParseValues.formatDate(Instant.parse("2024-02-29T23:59:59.999999999Z")));
    assertEquals("2000-03-01T00:00:00.000Z", ParseValues.formatDate(Instant.parse("2000-03-01T00:00:00Z")));
    assertEquals("0001-01-01T00:00:00.007Z", ParseValues.formatDate(Instant.parse("0001-01-01T00:00:00.007Z")));
    assertEquals("9999-12-31T23:59:59.999Z", ParseValues.formatDate(Instant.parse("9999-12-31T23:59:59.999Z")));
  }

  @Test
  @DisplayName("any instant from year 0 to beyond 9999 reads as java.time writes it")
  void agreesWithJavaTime() {
    Random random = new Random(7);
    long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant instant = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)), random.nextInt(1_000_000_000));
      assertEquals(PARSE.format(instant), ParseValues.formatDate(instant), instant.toString());
    }
  }
}
