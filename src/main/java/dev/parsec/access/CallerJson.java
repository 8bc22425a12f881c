package dev.parsec.access;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A caller ({@link Access}) as the event bus carries it from the API to the worker that runs cloud code: who it
 * is once identified (user, roles, key), so that the code's data calls see what the caller sees, roles included,
 * without asking for the session again. The session token itself does not travel.
 */
public final class CallerJson {

  /** The field of an event-bus call that holds its caller. */
  public static final String FIELD = "caller";

  private CallerJson() {
  }

  public static JsonObject of(Access access) {
    return new JsonObject()
        .put("key", access.key().name())
        .put("userId", access.userId())
        .put("roles", new JsonArray(List.copyOf(access.roles())))
        .put("installationId", access.installationId());
  }

  /** The caller, or anonymous when none was sent. */
  public static Access from(JsonObject json) {
    if (json == null) {
      return Access.ANONYMOUS;
    }
    Access.Key key = Access.Key.valueOf(json.getString("key", Access.Key.NONE.name()));
    List<String> roles = json.getJsonArray("roles", new JsonArray()).stream().map(String::valueOf).toList();
    return new Access(key != Access.Key.NONE, null, null, json.getString("installationId"), json.getString("userId"), roles, key);
  }
}
