package dev.parsec.schedules;

import dev.parsec.error.ParseException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The job_schedule of a /cloud_code/jobs request, checked: only _JobSchedule's fields, each of its type, with
 * values a schedule can run by (Parse Server stores any; Parsec runs the schedules, so it refuses one it
 * could not run, with 111 and the field's name).
 */
final class ScheduleBody {

  private static final Pattern TIME_OF_DAY = Pattern.compile("([01]?\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,3})?)?Z?");

  private ScheduleBody() {
  }

  /** The fields to save; on create, startAfter is now when not given (as Parse Server sets it). */
  static JsonObject of(JsonObject body, boolean create) {
    if (!(body.getValue("job_schedule") instanceof JsonObject given)) {
      throw new ParseException(ParseException.INVALID_JSON, "job_schedule must be an object");
    }
    JsonObject schedule = new JsonObject();
    for (String field : given.fieldNames()) {
      Object value = given.getValue(field);
      switch (field) {
        case "jobName", "description" -> schedule.put(field, text(field, value));
        case "params" -> schedule.put(field, params(value));
        case "startAfter" -> schedule.put(field, startAfter(value));
        case "timeOfDay" -> schedule.put(field, timeOfDay(value));
        case "daysOfWeek" -> schedule.put(field, daysOfWeek(value));
        case "repeatMinutes" -> schedule.put(field, repeatMinutes(value));
        case "objectId", "createdAt", "updatedAt", "lastRun" -> { } // the server's
        default -> throw wrong(field, "is no field of a job schedule");
      }
    }
    if (create && !(schedule.getValue("jobName") instanceof String)) {
      throw wrong("jobName", "is required");
    }
    if (create && !schedule.containsKey("startAfter")) {
      schedule.put("startAfter", Instant.now().toString());
    }
    return schedule;
  }

  private static String text(String field, Object value) {
    if (!(value instanceof String text)) {
      throw wrong(field, "must be a string");
    }
    return text;
  }

  private static String params(Object value) {
    String text = value instanceof JsonObject object ? object.encode() : text("params", value);
    try {
      if (!text.isBlank()) {
        new JsonObject(text);
      }
    } catch (DecodeException | ClassCastException e) {
      throw wrong("params", "must be a JSON object");
    }
    return text;
  }

  private static String startAfter(Object value) {
    String text = text("startAfter", value);
    try {
      Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw wrong("startAfter", "must be an ISO 8601 date with a time zone, like 2026-01-31T12:00:00.000Z");
    }
    return text;
  }

  private static String timeOfDay(Object value) {
    String text = text("timeOfDay", value);
    if (!TIME_OF_DAY.matcher(text).matches()) {
      throw wrong("timeOfDay", "must be a UTC time of day, like 12:30:00.000Z");
    }
    return text;
  }

  private static JsonArray daysOfWeek(Object value) {
    if (!(value instanceof JsonArray days) || days.size() != 7
        || !days.stream().allMatch(day -> day instanceof Number || day instanceof Boolean)) {
      throw wrong("daysOfWeek", "must list 7 flags (1 or 0), Sunday first");
    }
    return days;
  }

  private static Number repeatMinutes(Object value) {
    if (!(value instanceof Number minutes) || minutes.doubleValue() < 0 || minutes.doubleValue() != Math.floor(minutes.doubleValue())) {
      throw wrong("repeatMinutes", "must be a whole number of minutes, 0 or more");
    }
    return minutes;
  }

  private static ParseException wrong(String field, String what) {
    return new ParseException(ParseException.INCORRECT_TYPE, "job_schedule." + field + " " + what);
  }
}
