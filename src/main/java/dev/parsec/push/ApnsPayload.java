package dev.parsec.push;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * A push's data in APNs' form, as Parse Server's APNs adapter maps it: alert, title, badge, sound and
 * the other notification keys go into "aps" (under Apple's names), keys that set headers are taken out,
 * and every other key is the app's own, beside "aps".
 */
record ApnsPayload(JsonObject body, String pushType, int priority, String collapseId, String topicOverride) {

  private static final Set<String> HEADER_KEYS = Set.of("id", "collapseId", "channelId", "requestId", "pushType",
      "topic", "expiry", "priority", "expiration_time", "collapse_id", "push_type");
  private static final Map<String, String> APS_NAMES = Map.of("sound", "sound", "category", "category",
      "targetContentIdentifier", "target-content-id", "interruptionLevel", "interruption-level", "threadId", "thread-id");

  static ApnsPayload of(JsonObject data) {
    JsonObject aps = new JsonObject();
    JsonObject body = new JsonObject();
    for (Map.Entry<String, Object> entry : data) {
      String key = entry.getKey();
      Object value = entry.getValue();
      switch (key) {
        case "aps" -> {
          if (value instanceof JsonObject given) {
            aps.mergeIn(given);
          }
        }
        case "alert" -> {
          if (value instanceof JsonObject alert) {
            aps.put("alert", alert.copy());
          } else {
            alert(aps).put("body", value);
          }
        }
        case "title" -> alert(aps).put("title", value);
        case "badge" -> {
          // "Increment" becomes each device's own count, put in by withBadge
          if (value instanceof Number) {
            aps.put("badge", value);
          }
        }
        case "content-available", "mutable-content" -> {
          if (value instanceof Number n && n.intValue() == 1) {
            aps.put(key, 1);
          }
        }
        default -> {
          if (APS_NAMES.containsKey(key)) {
            aps.put(APS_NAMES.get(key), value);
          } else if (!HEADER_KEYS.contains(key)) {
            body.put(key, value);
          }
        }
      }
    }
    JsonObject payload = new JsonObject().put("aps", aps).mergeIn(body);
    // a push with nothing to show only wakes the app: Apple wants that sent as "background", priority 5
    boolean silent = aps.containsKey("content-available") && !aps.containsKey("alert") && !aps.containsKey("badge")
        && !aps.containsKey("sound") && !data.containsKey("badge");
    String pushType = text(data.getValue("pushType"), text(data.getValue("push_type"), silent ? "background" : "alert"));
    int priority = data.getValue("priority") instanceof Number n ? n.intValue() : silent ? 5 : 10;
    String collapseId = text(data.getValue("collapseId"), text(data.getValue("collapse_id"), null));
    return new ApnsPayload(payload, pushType, priority, collapseId, text(data.getValue("topic"), null));
  }

  /** The payload with a device's own badge (a badge "Increment" push). */
  JsonObject withBadge(int badge) {
    JsonObject copy = body.copy();
    copy.getJsonObject("aps").put("badge", badge);
    return copy;
  }

  /** The topic for the app's bundle id: some push types go to a topic of their own (Apple's suffixes). */
  String topic(String bundleId) {
    if (topicOverride != null) {
      return topicOverride;
    }
    return switch (pushType) {
      case "location" -> bundleId + ".location-query";
      case "voip" -> bundleId + ".voip";
      case "complication" -> bundleId + ".complication";
      case "fileprovider" -> bundleId + ".pushkit.fileprovider";
      case "liveactivity" -> bundleId + ".push-type.liveactivity";
      case "pushtotalk" -> bundleId + ".voip-ptt";
      default -> bundleId;
    };
  }

  private static JsonObject alert(JsonObject aps) {
    if (!(aps.getValue("alert") instanceof JsonObject)) {
      aps.put("alert", new JsonObject());
    }
    return aps.getJsonObject("alert");
  }

  private static String text(Object value, String fallback) {
    return value instanceof String s && !s.isEmpty() ? s : fallback;
  }
}
