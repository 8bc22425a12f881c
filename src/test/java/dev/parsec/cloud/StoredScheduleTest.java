package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A Dashboard schedule's slots: once at startAfter, or each permitted day from timeOfDay every repeatMinutes")
class StoredScheduleTest {

  private static final Instant START = Instant.parse("2026-03-02T10:05:00Z"); // a Monday

  private static StoredSchedule schedule(long repeatMinutes, String timeOfDay, JsonArray days, long lastRun) {
    return new StoredSchedule("s1", "count", new JsonObject(), START, days, StoredSchedule.timeOfDay(timeOfDay), repeatMinutes, lastRun);
  }

  @Test
  @DisplayName("no repeat: the one slot is startAfter, due from then on, and not again once lastRun has it")
  void once() {
    StoredSchedule once = schedule(0, null, null, 0);
    assertNull(once.slotAt(START.minusSeconds(1)));
    assertEquals(START, once.slotAt(START));
    assertEquals(START, once.slotAt(START.plusSeconds(86_400 * 3)));
    assertNull(schedule(0, null, null, START.toEpochMilli()).slotAt(START.plusSeconds(10)));
  }

  @Test
  @DisplayName("every 60 minutes after 12:00: 12:00, 13:00 ... 23:00 each day, none before startAfter")
  void interval() {
    StoredSchedule hourly = schedule(60, "12:00:00.000Z", null, 0);
    assertNull(hourly.slotAt(Instant.parse("2026-03-02T11:59:00Z")), "the first day's slots begin at 12:00");
    assertEquals(Instant.parse("2026-03-02T12:00:00Z"), hourly.slotAt(Instant.parse("2026-03-02T12:00:00Z")));
    assertEquals(Instant.parse("2026-03-02T15:00:00Z"), hourly.slotAt(Instant.parse("2026-03-02T15:59:59Z")));
    assertEquals(Instant.parse("2026-03-02T23:00:00Z"), hourly.slotAt(Instant.parse("2026-03-03T05:00:00Z")),
        "before the next day's first slot, the last of the day before is the one due");
    assertEquals(Instant.parse("2026-03-03T12:00:00Z"), hourly.slotAt(Instant.parse("2026-03-03T12:30:00Z")));
  }

  @Test
  @DisplayName("daily (1440) at 03:30 on weekdays only: Saturday's and Sunday's are skipped")
  void dailyOnWeekdays() {
    JsonArray weekdays = new JsonArray(List.of(0, 1, 1, 1, 1, 1, 0));
    StoredSchedule daily = schedule(1440, "03:30:00.000Z", weekdays, 0);
    assertNull(daily.slotAt(Instant.parse("2026-03-03T03:00:00Z")), "Monday's 03:30 came before startAfter");
    assertEquals(Instant.parse("2026-03-03T03:30:00Z"), daily.slotAt(Instant.parse("2026-03-03T04:00:00Z")));
    assertEquals(Instant.parse("2026-03-06T03:30:00Z"), daily.slotAt(Instant.parse("2026-03-08T23:00:00Z")),
        "on Sunday the slot due is Friday's");
    assertEquals(LocalTime.of(3, 30), StoredSchedule.timeOfDay("03:30:00.000Z"));
    assertEquals(LocalTime.MIDNIGHT, StoredSchedule.timeOfDay("nonsense"));
  }
}
