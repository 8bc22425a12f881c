package dev.parsec.push;

import dev.parsec.error.ParseException;
import dev.parsec.reads.Reads;
import dev.parsec.schema.ClassSchema;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import dev.parsec.writes.Writes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * Saved push audiences, /push_audiences, as Parse Server's AudiencesRouter serves them (master key only):
 * _Audience objects (name, query as a JSON string, lastUsed, timesUsed) through the read and write paths,
 * their query answered as an object. A push sent with an audience_id counts as a use of it.
 */
final class AudiencesApi {

  static final String CLASS = "_Audience";
  /** _Audience's fields, as Parse Server defines them. */
  static final ClassSchema SCHEMA = ClassSchema.fromJson(new JsonObject().put("className", CLASS)
      .put("fields", PushApi.fields("objectId", "String", "createdAt", "Date", "updatedAt", "Date", "ACL", "ACL",
          "name", "String", "query", "String", "lastUsed", "Date", "timesUsed", "Number"))
      .put("classLevelPermissions", new JsonObject()));

  private final Reads reads;
  private final Writes writes;
  private final String serverUrl;

  AudiencesApi(Reads reads, Writes writes, String serverUrl) {
    this.reads = reads;
    this.writes = writes;
    this.serverUrl = serverUrl;
  }

  void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/push_audiences", this::find)
        .on(Method.GET, "/push_audiences/:objectId", this::get)
        .on(Method.POST, "/push_audiences", this::create)
        .on(Method.PUT, "/push_audiences/:objectId", this::update)
        .on(Method.DELETE, "/push_audiences/:objectId", this::delete)
        // as any class, for the master key (Parse Dashboard counts an audience's installations this way)
        .on(Method.GET, "/classes/" + CLASS, request -> reads.find(request, CLASS).map(Reply::ok))
        .on(Method.GET, "/classes/" + CLASS + "/:objectId", request -> reads.get(request, CLASS, request.path("objectId")).map(Reply::ok));
  }

  /** Counts a push to the audience: lastUsed now, timesUsed one more (not awaited, as Parse Server). */
  void used(ParseRequest push, String audienceId) {
    JsonObject use = new JsonObject()
        .put("lastUsed", new JsonObject().put("__type", "Date").put("iso", Instant.now().toString()))
        .put("timesUsed", new JsonObject().put("__op", "Increment").put("amount", 1));
    writes.save(push.with(HttpMethod.PUT, use, new JsonObject(), Map.of(), null), CLASS, audienceId, use);
  }

  private Future<Reply> find(ParseRequest request) {
    return reads.find(request.requireMaster(), CLASS).map(found -> {
      found.getJsonArray("results").forEach(audience -> queryAsObject((JsonObject) audience));
      return Reply.ok(found);
    });
  }

  private Future<Reply> get(ParseRequest request) {
    return reads.get(request.requireMaster(), CLASS, request.path("objectId")).map(audience -> Reply.ok(queryAsObject(audience)));
  }

  private Future<Reply> create(ParseRequest request) {
    return writes.save(request.requireMaster(), CLASS, null, body(request.body())).map(created ->
        Reply.created(created, serverUrl + "/classes/" + CLASS + "/" + created.getString("objectId")));
  }

  private Future<Reply> update(ParseRequest request) {
    return writes.save(request.requireMaster(), CLASS, request.path("objectId"), body(request.body())).map(Reply::ok);
  }

  private Future<Reply> delete(ParseRequest request) {
    return writes.delete(request.requireMaster(), CLASS, request.path("objectId")).map(v -> Reply.ok(new JsonObject()));
  }

  /** The body to save: a query given as an object is stored as its JSON text, as Parse Dashboard sends it. */
  private static JsonObject body(JsonObject given) {
    if (given.getValue("query") instanceof JsonObject query) {
      return given.copy().put("query", query.encode());
    }
    if (given.getValue("query") instanceof String text) {
      try {
        new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        throw new ParseException(ParseException.INVALID_JSON, "query must be a JSON object");
      }
    }
    return given;
  }

  private static JsonObject queryAsObject(JsonObject audience) {
    if (audience.getValue("query") instanceof String text) {
      try {
        audience.put("query", new JsonObject(text));
      } catch (DecodeException | ClassCastException e) {
        // left as stored
      }
    }
    return audience;
  }
}
