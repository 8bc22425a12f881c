package dev.parsec.objects;

import dev.parsec.api.ApiRoutes;
import dev.parsec.api.ApiRoutes.Method;
import dev.parsec.api.ParseRequest;
import dev.parsec.api.Reply;
import dev.parsec.error.ParseException;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.Names;
import dev.parsec.schema.SchemaStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** /classes: create, get, update, delete and find objects of any class. */
public final class ObjectsApi {

  private final SchemaStore schemas;
  private final ObjectStore store;
  private final ParseValues values;
  private final String serverUrl;
  private final boolean allowClientClassCreation;

  public ObjectsApi(SchemaStore schemas, ObjectStore store, ParseValues values, String serverUrl,
                    boolean allowClientClassCreation) {
    this.schemas = schemas;
    this.store = store;
    this.values = values;
    this.serverUrl = serverUrl;
    this.allowClientClassCreation = allowClientClassCreation;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.POST, "/classes/:className", this::create)
        .on(Method.GET, "/classes/:className", this::find)
        .on(Method.GET, "/classes/:className/:objectId", this::get)
        .on(Method.PUT, "/classes/:className/:objectId", this::update)
        .on(Method.DELETE, "/classes/:className/:objectId", this::delete);
  }

  private Future<Reply> create(ParseRequest request, RoutingContext ctx) {
    String className = className(ctx);
    WriteBody write = WriteBody.parse(request.body(), true);
    return schemas.ensure(className, write.fieldTypes(), request.master() || allowClientClassCreation)
        .compose(schema -> store.create(schema, write))
        .map(created -> Reply.created(created,
            serverUrl + "/classes/" + className + "/" + created.getString("objectId")));
  }

  private Future<Reply> get(ParseRequest request, RoutingContext ctx) {
    String className = className(ctx);
    String objectId = ctx.pathParam("objectId");
    return existing(className)
        .compose(schema -> store.get(schema, objectId)
            .map(object -> new Query(schema, values, keysOnly(request.params())).project(object)))
        .map(Reply::ok);
  }

  private Future<Reply> update(ParseRequest request, RoutingContext ctx) {
    String className = className(ctx);
    WriteBody write = WriteBody.parse(request.body(), false);
    return existing(className)
        .compose(schema -> schemas.ensure(className, write.fieldTypes(), false))
        .compose(schema -> store.update(schema, ctx.pathParam("objectId"), write))
        .map(Reply::ok);
  }

  private Future<Reply> delete(ParseRequest request, RoutingContext ctx) {
    return existing(className(ctx))
        .compose(schema -> store.delete(schema, ctx.pathParam("objectId")))
        .map(v -> Reply.ok(new JsonObject()));
  }

  private Future<Reply> find(ParseRequest request, RoutingContext ctx) {
    String className = className(ctx);
    return schemas.find(className).compose(schema -> {
      if (schema.isEmpty()) {
        // a class nobody wrote to yet has no objects; the query is still checked
        ClassSchema none = new ClassSchema(className, ClassSchema.defaultFields(), ClassSchema.openPermissions());
        JsonObject empty = new JsonObject().put("results", new JsonArray());
        if (new Query(none, values, request.params()).count()) {
          empty.put("count", 0);
        }
        return Future.succeededFuture(Reply.ok(empty));
      }
      return store.find(schema.get(), new Query(schema.get(), values, request.params())).map(Reply::ok);
    });
  }

  private Future<ClassSchema> existing(String className) {
    return schemas.find(className).map(schema -> schema.orElseThrow(ParseException::objectNotFound));
  }

  private static JsonObject keysOnly(JsonObject params) {
    JsonObject keys = new JsonObject();
    if (params.containsKey("keys")) {
      keys.put("keys", params.getValue("keys"));
    }
    return keys;
  }

  private static String className(RoutingContext ctx) {
    String className = Names.checkClass(ctx.pathParam("className"));
    if (className.startsWith("_")) {
      throw new ParseException(ParseException.OPERATION_FORBIDDEN,
          "Class " + className + " is served by its own routes, not /classes");
    }
    return className;
  }
}
