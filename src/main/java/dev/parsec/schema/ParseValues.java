package dev.parsec.schema;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.data.Point;
import io.vertx.pgclient.data.Polygon;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Converts field values between Parse's JSON encoding and PostgreSQL column values. */
public final class ParseValues {

  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final byte[] DATE_TEMPLATE = "0000-00-00T00:00:00.000Z".getBytes(StandardCharsets.US_ASCII);

  private final String filesBaseUrl;

  /** @param filesBaseUrl the URL file names are served under, like http://host/parse/files/appId/ */
  public ParseValues(String filesBaseUrl) {
    this.filesBaseUrl = filesBaseUrl;
  }

  /**
   * The date as Parse writes it (UTC, milliseconds). Written digit by digit: every object a query answers
   * carries two or more dates, and DateTimeFormatter took a tenth of a query's time on the node.
   */
  public static String formatDate(Instant instant) {
    long seconds = instant.getEpochSecond();
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
    if (day.getYear() < 1 || day.getYear() > 9999) {
      return ISO.format(instant);
    }
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    byte[] text = DATE_TEMPLATE.clone();
    digits(text, 0, 4, day.getYear());
    digits(text, 5, 2, day.getMonthValue());
    digits(text, 8, 2, day.getDayOfMonth());
    digits(text, 11, 2, secondOfDay / 3600);
    digits(text, 14, 2, secondOfDay / 60 % 60);
    digits(text, 17, 2, secondOfDay % 60);
    digits(text, 20, 3, instant.getNano() / 1_000_000);
    return new String(text, StandardCharsets.US_ASCII);
  }

  private static void digits(byte[] text, int at, int width, int value) {
    for (int i = at + width - 1; i >= at; i--, value /= 10) {
      text[i] = (byte) ('0' + value % 10);
    }
  }

  public static OffsetDateTime parseDate(String iso) {
    try {
      return OffsetDateTime.parse(iso);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new ParseException(ParseException.INCORRECT_TYPE, "invalid date: " + iso);
    }
  }

  /** The column value for a JSON value of a known type. */
  public Object toSql(String field, FieldType type, Object value) {
    if (value == null) {
      return null;
    }
    try {
      return switch (type.type()) {
        case "String" -> (String) value;
        case "Number" -> ((Number) value).doubleValue();
        case "Boolean" -> (Boolean) value;
        case "Date" -> parseDate(((JsonObject) value).getString("iso"));
        case "Pointer" -> pointerId(field, (JsonObject) value);
        case "File" -> requireString(field, ((JsonObject) value).getValue("name"));
        case "GeoPoint" -> geoPoint(field, (JsonObject) value);
        case "Polygon" -> polygon(field, (JsonObject) value);
        case "Object", "Bytes" -> (JsonObject) value;
        case "Array" -> (JsonArray) value;
        default -> throw new ParseException(ParseException.INCORRECT_TYPE, "cannot store key " + field + " of type " + type);
      };
    } catch (ClassCastException e) {
      throw new ParseException(ParseException.INCORRECT_TYPE,
          "schema mismatch for " + field + "; expected " + type + " but got " + FieldType.ofValue(field, value));
    }
  }

  /** The JSON value for a column value. */
  public Object fromSql(FieldType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type.type()) {
      case "Date" -> new JsonObject().put("__type", "Date").put("iso", formatDate(((OffsetDateTime) value).toInstant()));
      case "Pointer" -> new JsonObject().put("__type", "Pointer").put("className", type.targetClass()).put("objectId", value);
      case "File" -> new JsonObject().put("__type", "File").put("name", value).put("url", filesBaseUrl + value);
      case "GeoPoint" -> {
        Point p = (Point) value;
        yield new JsonObject().put("__type", "GeoPoint").put("latitude", p.getY()).put("longitude", p.getX());
      }
      case "Polygon" -> {
        JsonArray coordinates = new JsonArray();
        List<Point> points = ((Polygon) value).getPoints();
        for (Point p : points) {
          coordinates.add(new JsonArray().add(p.getY()).add(p.getX()));
        }
        // Parse Server answers a polygon as a closed ring, its first point repeated at the end
        Point first = points.get(0);
        Point last = points.get(points.size() - 1);
        if (first.getX() != last.getX() || first.getY() != last.getY()) {
          coordinates.add(new JsonArray().add(first.getY()).add(first.getX()));
        }
        yield new JsonObject().put("__type", "Polygon").put("coordinates", coordinates);
      }
      case "Number" -> number((Double) value);
      default -> value;
    };
  }

  /** Whole numbers come back as integers, as JSON clients expect 10 and not 10.0. */
  public static Number number(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.007199254740992E15) {
      return (long) d;
    }
    return d;
  }

  private static String pointerId(String field, JsonObject pointer) {
    return requireString(field, pointer.getValue("objectId"));
  }

  private static String requireString(String field, Object value) {
    if (!(value instanceof String s) || s.isEmpty()) {
      throw new ParseException(ParseException.INCORRECT_TYPE, "invalid value for key " + field);
    }
    return s;
  }

  private static Point geoPoint(String field, JsonObject json) {
    Object lat = json.getValue("latitude");
    Object lng = json.getValue("longitude");
    if (!(lat instanceof Number la) || !(lng instanceof Number lo)) {
      throw new ParseException(ParseException.INCORRECT_TYPE, "invalid GeoPoint for key " + field);
    }
    if (la.doubleValue() < -90 || la.doubleValue() > 90) {
      throw new ParseException(ParseException.INVALID_JSON, "GeoPoint latitude out of bounds: " + la);
    }
    if (lo.doubleValue() < -180 || lo.doubleValue() > 180) {
      throw new ParseException(ParseException.INVALID_JSON, "GeoPoint longitude out of bounds: " + lo);
    }
    return new Point(lo.doubleValue(), la.doubleValue());
  }

  private static Polygon polygon(String field, JsonObject json) {
    JsonArray coordinates = json.getJsonArray("coordinates");
    if (coordinates == null || coordinates.size() < 3) {
      throw new ParseException(ParseException.INVALID_JSON, "Polygon must have at least 3 values for key " + field);
    }
    List<Point> points = new ArrayList<>();
    for (Object item : coordinates) {
      if (!(item instanceof JsonArray pair) || pair.size() != 2
          || !(pair.getValue(0) instanceof Number) || !(pair.getValue(1) instanceof Number)) {
        throw new ParseException(ParseException.INVALID_JSON, "bad Polygon coordinates for key " + field);
      }
      points.add(new Point(((Number) pair.getValue(1)).doubleValue(), ((Number) pair.getValue(0)).doubleValue()));
    }
    return new Polygon(points);
  }
}
