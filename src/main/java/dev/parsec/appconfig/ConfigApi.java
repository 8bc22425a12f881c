package dev.parsec.appconfig;

import dev.parsec.error.ParseException;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** /config: Parse.Config, read by any client, saved with the master key only. */
public final class ConfigApi {

  private final ConfigStore store;

  public ConfigApi(ConfigStore store) {
    this.store = store;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/config", this::get)
        .on(Method.PUT, "/config", this::update);
  }

  private Future<Reply> get(ParseRequest request) {
    return read(request).map(Reply::ok);
  }

  private Future<Reply> update(ParseRequest request) {
    return save(request).map(v -> Reply.ok(new JsonObject().put("result", true)));
  }

  /** What GET /config answers the caller: {"params": ...}, and for the master key "masterKeyOnly" too. */
  public Future<JsonObject> read(ParseRequest request) {
    return store.read().map(config -> config.answerFor(request.master()));
  }

  /** PUT /config's update of the request's body ({"params": ..., "masterKeyOnly": ...}), for the master key only. */
  public Future<Void> save(ParseRequest request) {
    if (!request.master()) {
      return Future.failedFuture(ParseException.masterKeyRequired());
    }
    ConfigUpdate update = ConfigUpdate.parse(request.body());
    return store.apply(update);
  }
}
