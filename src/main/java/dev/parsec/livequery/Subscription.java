package dev.parsec.livequery;

import dev.parsec.access.Access;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One subscription of a connection: a query on a class, the fields it shows (keys) and those whose change
 * it is told of (watch; null for any), and who asked ({@link Access}), against which permissions, ACLs and
 * protected fields are checked. needsDatabase when the query uses $inQuery, $select, $relatedTo or $text,
 * answered by PostgreSQL per event.
 */
record Subscription(LiveQueryClient client, int requestId, String className, JsonObject where, Set<String> keys,
                    Set<String> watch, Access access, String audience, boolean needsDatabase, byte[] messageEnd) {

  static Subscription of(LiveQueryClient client, int requestId, String className, JsonObject where, Set<String> keys,
                         Set<String> watch, Access access) {
    return new Subscription(client, requestId, className, where, keys, watch, access,
        audience(className, where, keys, watch, access), QueryMatcher.needsDatabase(where), messageEnd(client.id, requestId));
  }

  /** The same subscription for its subscriber as identified again (roles changed, or the session ended). */
  Subscription as(Access identified) {
    return of(client, requestId, className, where, keys, watch, identified);
  }

  /** The ACL names permissions are checked against; null for the master key, which reads everything. */
  List<String> aclNames() {
    return access.master() ? null : access.aclNames();
  }

  /** Whether the subscriber is a user by a session, which may end or whose roles may change. */
  boolean signedIn() {
    return !access.master() && access.signedIn();
  }

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
   * Subscriptions that see every event alike (same query, keys, watch and ACL names, which hold the user
   * id) share an audience key: an event is matched and encoded once per audience, not once per subscriber.
   */
  static String audience(String className, JsonObject where, Set<String> keys, Set<String> watch, Access access) {
    return className + "|" + where.encode() + "|" + sorted(keys) + "|" + sorted(watch) + "|"
        + (access.master() ? "master" : access.aclNames());
  }

  private static Object sorted(Set<String> names) {
    return names == null ? "*" : new java.util.TreeSet<>(names);
  }

  /**
   * Whether an update or a create changed a watched field, compared as Parse Server does: a create
   * changes only the watched fields it sets. Every change counts when nothing is watched.
   */
  boolean changesWatched(JsonObject object, JsonObject original) {
    return watch == null || watch.stream()
        .anyMatch(field -> !Objects.equals(object.getValue(field), original == null ? null : original.getValue(field)));
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

  /** The fields a subscription shows: its query's keys (or fields, as older SDKs name them); null for all. */
  static Set<String> keys(JsonObject query) {
    return names(query.getValue("keys", query.getValue("fields")));
  }

  /** The fields whose change a subscription is told of: its query's watch; null for any. */
  static Set<String> watch(JsonObject query) {
    return names(query.getValue("watch"));
  }

  /** A list of field names, as an array or comma-separated, as the SDKs send them. */
  private static Set<String> names(Object given) {
    if (given instanceof JsonArray list) {
      return Set.copyOf(list.stream().map(String::valueOf).toList());
    }
    if (given instanceof String text) {
      return Set.copyOf(java.util.Arrays.asList(text.split(",")));
    }
    return null;
  }
}
