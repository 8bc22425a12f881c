package dev.parsec.livequery;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * One subscription of a connection: a query on a class, and who asked (for ACLs and protected fields);
 * needsDatabase when the query uses $inQuery, $select, $relatedTo or $text, answered by PostgreSQL per event.
 */
record Subscription(LiveQueryClient client, int requestId, String className, JsonObject where, Set<String> keys,
                    List<String> aclNames, String audience, boolean needsDatabase, byte[] messageEnd) {

  /**
   * Sends an event: the part of its message shared by the audience, encoded once for all of it, then
   * this subscription's ids.
   */
  void send(FrameWriter frames, byte[] head) {
    client.sendText(frames, head, messageEnd);
  }

  /** How every event message to this subscription ends: its ids, which the message's shared part leaves out. */
  static byte[] messageEnd(String clientId, int requestId) {
    return (clientId + "\",\"requestId\":" + requestId + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Subscriptions that see every event alike (same query, keys and ACL names) share an audience key:
   * an event is matched and encoded once per audience, not once per subscriber.
   */
  static String audience(String className, JsonObject where, Set<String> keys, List<String> aclNames) {
    return className + "|" + where.encode() + "|" + (keys == null ? "*" : new java.util.TreeSet<>(keys)) + "|" + aclNames;
  }

  /** The object as this subscriber may see it: its keys only, and typed as the SDKs read events. */
  JsonObject view(JsonObject object, Set<String> hidden) {
    JsonObject view = new JsonObject().put("className", className).put("__type", "Object");
    for (String name : object.fieldNames()) {
      boolean system = name.equals("objectId") || name.equals("createdAt") || name.equals("updatedAt") || name.equals("ACL");
      if (!hidden.contains(name) && (system || keys == null || keys.contains(name))) {
        view.put(name, object.getValue(name));
      }
    }
    return view;
  }

  static Set<String> keys(JsonObject query) {
    Object keys = query.getValue("keys", query.getValue("fields"));
    if (keys instanceof JsonArray list) {
      return Set.copyOf(list.stream().map(String::valueOf).toList());
    }
    if (keys instanceof String text) {
      return Set.of(text.split(","));
    }
    return null;
  }
}
