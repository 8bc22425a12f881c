package dev.parsec.query;

import dev.parsec.schema.FieldType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Notices the fields queries filter and order on, and asks a worker (over the event bus, on any
 * node) to index them. Parse Server leaves a growing app to find its missing indexes in slow-query
 * logs; Parsec builds them. Each field is suggested at most once a minute per event loop; the
 * worker decides whether the table is big enough and the index missing.
 */
public final class IndexAdvisor {

  public static final String ADDRESS = "parsec.worker.index";
  private static final long QUIET_MILLIS = 60_000;

  private final Vertx vertx;
  private final boolean enabled;
  private final Map<String, Long> suggested = new HashMap<>();

  public IndexAdvisor(Vertx vertx, boolean enabled) {
    this.vertx = vertx;
    this.enabled = enabled;
  }

  /** Scalar columns, where a btree index answers equality, ranges and order. */
  static boolean indexable(FieldType type) {
    return switch (type.type()) {
      case "String", "Number", "Date", "Pointer" -> true;
      default -> false;
    };
  }

  /** Called on an event loop only. */
  public void consider(String className, Set<String> fields) {
    if (!enabled || fields.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    for (String field : fields) {
      String key = className + "." + field;
      Long last = suggested.get(key);
      if (last == null || now - last > QUIET_MILLIS) {
        suggested.put(key, now);
        vertx.eventBus().send(ADDRESS, new JsonObject().put("className", className).put("field", field));
      }
    }
  }
}
