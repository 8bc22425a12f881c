package dev.parsec.cloud;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule made in Parse Dashboard (a _JobSchedule object), read as Parse Dashboard describes it: the job
 * runs once at startAfter, or, with repeatMinutes, each permitted day (daysOfWeek, Sunday first) from
 * timeOfDay (UTC) every repeatMinutes until the day ends (1440: daily at timeOfDay), never before
 * startAfter. Each slot runs once in the cluster; a slot missed while no node ran is run once when one
 * comes back, and never a slot at or before lastRun.
 *
 * @param lastRun epoch milliseconds of the last slot started, or 0
 */
record StoredSchedule(String objectId, String job, JsonObject params, Instant startAfter, JsonArray daysOfWeek,
                      LocalTime timeOfDay, long repeatMinutes, long lastRun) {

  static final Pattern TIME_OF_DAY = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d{1,3})?)?Z?");

  /** The schedule of a _JobSchedule row, or null when the row names no job or no valid start. */
  static StoredSchedule of(Row row) {
    String job = row.getString("jobName");
    Instant start = instant(row.getString("startAfter"));
    if (job == null || start == null) {
      return null;
    }
    Object days = row.getValue("daysOfWeek");
    Double repeat = row.getDouble("repeatMinutes");
    Double lastRun = row.getDouble("lastRun");
    return new StoredSchedule(row.getString("objectId"), job, params(row.getString("params")), start,
        days instanceof JsonArray array ? array : null, timeOfDay(row.getString("timeOfDay")),
        repeat == null ? 0 : Math.max(0, repeat.longValue()), lastRun == null ? 0 : lastRun.longValue());
  }

  /** The slot due at the instant (the latest that began by then), or null when none is due. */
  Instant slotAt(Instant now) {
    Instant slot = latestAtOrBefore(now);
    return slot == null || slot.isBefore(startAfter) || slot.toEpochMilli() <= lastRun ? null : slot;
  }

  /** The key that makes a slot's run unique in the cluster. */
  String slotKey(Instant slot) {
    return "_JobSchedule " + objectId + " " + slot.atOffset(ZoneOffset.UTC);
  }

  private Instant latestAtOrBefore(Instant now) {
    if (repeatMinutes <= 0) {
      return now.isBefore(startAfter) ? null : startAfter;
    }
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    // the latest permitted day with a slot by now; a week back covers every daysOfWeek that permits any day
    for (int back = 0; back <= 7; back++) {
      LocalDate day = today.minusDays(back);
      if (!permits(day)) {
        continue;
      }
      Instant first = day.atTime(timeOfDay).toInstant(ZoneOffset.UTC);
      if (first.isAfter(now)) {
        continue;
      }
      if (repeatMinutes >= 1440) {
        return first;
      }
      Instant end = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      Instant until = now.isBefore(end) ? now : end.minusMillis(1);
      long period = Duration.ofMinutes(repeatMinutes).toMillis();
      return first.plusMillis((until.toEpochMilli() - first.toEpochMilli()) / period * period);
    }
    return null;
  }

  private boolean permits(LocalDate day) {
    if (daysOfWeek == null || daysOfWeek.size() != 7) {
      return true;
    }
    Object flag = daysOfWeek.getValue(day.getDayOfWeek().getValue() % 7);
    return flag instanceof Number n ? n.intValue() != 0 : Boolean.TRUE.equals(flag);
  }

  static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** timeOfDay as Parse Dashboard writes it ("12:00:00.000Z"), or midnight. */
  static LocalTime timeOfDay(String text) {
    Matcher time = text == null ? null : TIME_OF_DAY.matcher(text);
    if (time == null || !time.matches()) {
      return LocalTime.MIDNIGHT;
    }
    int hour = Integer.parseInt(time.group(1));
    int minute = Integer.parseInt(time.group(2));
    int second = time.group(3) == null ? 0 : Integer.parseInt(time.group(3));
    return hour > 23 || minute > 59 || second > 59 ? LocalTime.MIDNIGHT : LocalTime.of(hour, minute, second);
  }

  private static JsonObject params(String text) {
    if (text == null || text.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject();
    }
  }
}
