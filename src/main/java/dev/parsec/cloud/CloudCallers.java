package dev.parsec.cloud;

import dev.parsec.access.CallerJson;
import dev.parsec.web.ParseRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who makes a call, as cloud code and webhooks are told (Parse Server's request): the whole user (its own
 * record, less its credentials), the roles it holds (for validators), the master key, the installation, the
 * client's address and the call's headers. Made only for a call some function, trigger or hook will see.
 *
 * <p>Headers: Parse Server passes them as they came, the master key included. Here the credentials are
 * left out (the master, maintenance and client keys, the session token, Authorization and cookies): code
 * is told whether the caller holds the master key ({@code master}) and who it is ({@code user}), so it
 * needs none of them, and a webhook's payload (often logged, sometimes on another host) must not carry
 * the app's keys.
 */
public final class CloudCallers {

  private static final Set<String> SECRET_HEADERS = Set.of("x-parse-master-key", "x-parse-maintenance-key",
      "x-parse-session-token", "x-parse-client-key", "x-parse-javascript-key", "x-parse-rest-api-key", "x-parse-windows-key",
      "x-parse-webhook-key", "authorization", "proxy-authorization", "cookie");

  /** Reads an object as stored (every field, as the master key), null when there is none: reads.StoredObjects. */
  public interface StoredReader {
    Future<JsonObject> read(SqlClient db, String className, String objectId);
  }

  private final Pool pool;
  private final StoredReader stored;

  public CloudCallers(Pool pool, StoredReader stored) {
    this.pool = pool;
    this.stored = stored;
  }

  /** A new JSON object with the caller's part of a call (user, roles, master, installationId, ip, headers). */
  public Future<JsonObject> of(ParseRequest request) {
    Future<JsonObject> user = request.userId() == null ? Future.succeededFuture()
        : stored(request, "_User", request.userId());
    return user.map(found -> new JsonObject()
        .put("user", shownUser(found))
        .put("roles", new JsonArray(request.access().roles()))
        .put("master", request.master())
        .put("installationId", request.installationId())
        .put("ip", request.access().address())
        .put("headers", headers(request.headers()))
        .put(CallerJson.FIELD, CallerJson.of(request.access())));
  }

  /**
   * A call as a webhook is sent it: without the roles and the caller's event-bus record ({@link CallerJson}), which
   * the worker's validators and data calls use; a hook is told who the caller is by {@code user} and {@code master}.
   */
  static JsonObject forHook(JsonObject call) {
    JsonObject payload = call.copy();
    payload.remove("roles");
    payload.remove(CallerJson.FIELD);
    return payload;
  }

  /** The whole user as code and hooks are shown it (less its credentials), null when there is none or no id. */
  public Future<JsonObject> user(String userId) {
    return userId == null ? Future.succeededFuture() : stored.read(pool, "_User", userId).map(CloudCallers::shownUser);
  }

  private static JsonObject shownUser(JsonObject stored) {
    return stored == null ? null : TriggerObjects.shown("_User", stored).copy().put("__type", "Object").put("className", "_User");
  }

  /** An object as stored (every field; a user's credentials too: see TriggerObjects#shown), null when there is none. */
  Future<JsonObject> stored(ParseRequest request, String className, String objectId) {
    return stored.read(request.transaction() != null ? request.transaction() : pool, className, objectId);
  }

  /** The call's headers, names lower-cased (repeated ones joined by ", "), without credentials. */
  static JsonObject headers(MultiMap headers) {
    JsonObject shown = new JsonObject();
    if (headers == null) {
      return shown;
    }
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (SECRET_HEADERS.contains(name)) {
        continue;
      }
      String before = shown.getString(name);
      shown.put(name, before == null ? header.getValue() : before + ", " + header.getValue());
    }
    return shown;
  }
}
