package dev.parsec.cloud;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Parse's typed values in REST JSON, to save in objects and to compare in queries. */
public final class Values {

  private Values() {
  }

  public static JsonObject pointer(String className, String objectId) {
    return new JsonObject().put("__type", "Pointer").put("className", className).put("objectId", objectId);
  }

  public static JsonObject date(Instant instant) {
    return new JsonObject().put("__type", "Date").put("iso", instant.toString());
  }

  public static JsonObject geoPoint(double latitude, double longitude) {
    return new JsonObject().put("__type", "GeoPoint").put("latitude", latitude).put("longitude", longitude);
  }

  /** A stored file, by the name and url {@link Data#saveFile} answered. */
  public static JsonObject file(String name, String url) {
    return new JsonObject().put("__type", "File").put("name", name).put("url", url);
  }
}
