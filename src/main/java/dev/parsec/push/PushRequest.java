package dev.parsec.push;

import dev.parsec.error.ParseException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The body of POST /push, checked as Parse Server's PushRouter and PushController check it: the
 * installations (channels, or a where query), the data, when to send (push_time) and until when
 * (expiration_time, or expiration_interval seconds from the send).
 *
 * @param where the installations, as a query
 * @param data what to send
 * @param pushTime when to send, or null for now
 * @param pushTimeText push_time as Parse Server stores it (ISO 8601; without zone when given without one)
 * @param expiresAt epoch milliseconds after which the push is not sent, or null
 * @param expirationInterval the interval given, in seconds, or null
 */
record PushRequest(JsonObject where, JsonObject data, Instant pushTime, String pushTimeText, Long expiresAt,
                   Double expirationInterval) {

  static final int PUSH_MISCONFIGURED = 115;

  static PushRequest parse(JsonObject body, Instant now) {
    JsonObject where = where(body);
    Object dataValue = body.getValue("data");
    if (dataValue != null && !(dataValue instanceof JsonObject)) {
      throw misconfigured("data must be an object");
    }
    JsonObject data = dataValue == null ? new JsonObject() : (JsonObject) dataValue;
    badgeChange(data.getValue("badge"));
    Long expirationTime = body.containsKey("expiration_time") ? time(body.getValue("expiration_time"), "expiration_time").toEpochMilli() : null;
    Double interval = null;
    if (body.containsKey("expiration_interval")) {
      if (!(body.getValue("expiration_interval") instanceof Number n) || n.doubleValue() <= 0) {
        throw misconfigured("expiration_interval must be a number greater than 0");
      }
      interval = n.doubleValue();
    }
    if (expirationTime != null && interval != null) {
      throw misconfigured("Both expiration_time and expiration_interval cannot be set");
    }
    Instant pushTime = null;
    String pushTimeText = now.toString();
    if (body.containsKey("push_time")) {
      Object given = body.getValue("push_time");
      pushTime = time(given, "push_time");
      pushTimeText = given instanceof String text && !hasZone(text)
          ? pushTime.toString().replaceFirst("Z$", "") : pushTime.toString();
    }
    Long expiresAt = expirationTime;
    if (interval != null) {
      expiresAt = (pushTime == null ? now : pushTime).toEpochMilli() + Math.round(interval * 1000);
    }
    return new PushRequest(where, data, pushTime, pushTimeText, expiresAt, interval);
  }

  /** Parse's pushHash: the MD5 of the alert (its JSON when it is an object), or of nothing. */
  String pushHash() {
    Object alert = data.getValue("alert");
    String text = alert instanceof String s ? s : alert instanceof JsonObject o ? o.encode() : "";
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * By how much a badge "Increment" raises each installation's badge ("Increment", or {"__op":
   * "Increment", "amount": n}); null when the push sets no badge or a plain number.
   */
  static Integer badgeIncrement(Object badge) {
    if (badge instanceof String text && text.toLowerCase(Locale.ROOT).equals("increment")) {
      return 1;
    }
    if (badge instanceof JsonObject op && op.getValue("__op") instanceof String name
        && name.toLowerCase(Locale.ROOT).equals("increment") && op.getValue("amount") instanceof Number amount) {
      return amount.intValue();
    }
    return null;
  }

  /** Refuses a badge that is neither a number nor an increment. */
  private static void badgeChange(Object badge) {
    if (badge == null || badge instanceof Number || (badgeIncrement(badge) != null && badgeIncrement(badge) != 0)) {
      return;
    }
    throw misconfigured("Invalid value for badge, expected number or 'Increment' or {increment: number}");
  }

  private static JsonObject where(JsonObject body) {
    boolean hasWhere = body.containsKey("where");
    boolean hasChannels = body.containsKey("channels");
    if (hasWhere && hasChannels) {
      throw misconfigured("Channels and query can not be set at the same time.");
    }
    if (hasWhere) {
      Object where = body.getValue("where");
      if (where instanceof String text) {
        try {
          where = new JsonObject(text);
        } catch (DecodeException e) {
          throw new ParseException(ParseException.INVALID_JSON, "where must be a JSON object");
        }
      }
      if (!(where instanceof JsonObject query)) {
        throw new ParseException(ParseException.INVALID_QUERY, "where must be a JSON object");
      }
      return query;
    }
    if (hasChannels) {
      if (!(body.getValue("channels") instanceof JsonArray channels) || channels.stream().anyMatch(c -> !(c instanceof String))) {
        throw misconfigured("channels must be an array of strings");
      }
      return new JsonObject().put("channels", new JsonObject().put("$in", channels));
    }
    throw misconfigured("Sending a push requires either \"channels\" or a \"where\" query.");
  }

  /** A time as the REST API takes it: seconds since the epoch, or an ISO 8601 date (UTC when it names no zone). */
  private static Instant time(Object value, String name) {
    if (value instanceof Number seconds) {
      return Instant.ofEpochMilli(Math.round(seconds.doubleValue() * 1000));
    }
    if (value instanceof String text) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        // no zone: taken as UTC below
      }
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // a date alone
      }
      try {
        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // not a time at all
      }
    }
    throw misconfigured(value + " is not valid time.");
  }

  private static boolean hasZone(String text) {
    return text.endsWith("Z") || text.matches(".+[+-]\\d\\d:\\d\\d$");
  }

  private static ParseException misconfigured(String message) {
    return new ParseException(PUSH_MISCONFIGURED, message);
  }
}
