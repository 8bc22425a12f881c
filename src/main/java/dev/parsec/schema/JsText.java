package dev.parsec.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A JSON value written as JavaScript's String() writes it, so that error messages read as Parse Server's. */
final class JsText {

  private JsText() {
  }

  static String of(Object value) {
    if (value instanceof JsonObject) {
      return "[object Object]";
    }
    if (value instanceof JsonArray array) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < array.size(); i++) {
        text.append(i > 0 ? "," : "").append(array.getValue(i) == null ? "" : of(array.getValue(i)));
      }
      return text.toString();
    }
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return String.valueOf(d.longValue());
    }
    return String.valueOf(value);
  }
}
