package dev.parsec.schema;

import dev.parsec.error.ParseException;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * /schemas: list, read, create, change and drop classes, with the master key only, answering as
 * Parse Server does. Reads go to _SCHEMA, not to the cache, so they show every node's changes.
 */
public final class SchemasApi {

  private final SchemaEditor editor;

  public SchemasApi(SchemaStore schemas) {
    this.editor = new SchemaEditor(schemas);
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/schemas", this::all)
        .on(Method.POST, "/schemas", this::create)
        .on(Method.GET, "/schemas/:className", this::one)
        .on(Method.POST, "/schemas/:className", this::create)
        .on(Method.PUT, "/schemas/:className", this::update)
        .on(Method.DELETE, "/schemas/:className", this::delete);
  }

  private Future<Reply> all(ParseRequest request) {
    request.requireMaster();
    return editor.all().map(schemas -> {
      JsonArray results = new JsonArray();
      schemas.forEach(schema -> results.add(schema.toApiJson()));
      return Reply.ok(new JsonObject().put("results", results));
    });
  }

  private Future<Reply> one(ParseRequest request) {
    request.requireMaster();
    String className = request.path("className");
    if (!Names.isClass(className)) {
      return Future.failedFuture(SchemaEditor.doesNotExist(className));
    }
    return editor.one(className).map(schema -> Reply.ok(schema.toApiJson()));
  }

  private Future<Reply> create(ParseRequest request) {
    request.requireMaster();
    String pathClass = request.path("className");
    Object bodyClass = request.body().getValue("className");
    checkSameClass(pathClass, bodyClass);
    String className = pathClass != null ? pathClass : bodyClass == null || "".equals(bodyClass) ? null : String.valueOf(bodyClass);
    if (className == null) {
      throw new ParseException(ParseException.CLASS_NAME_REQUIRED, "POST /schemas needs a class name.");
    }
    Names.checkClass(className);
    SchemaBody body = SchemaBody.of(request.body());
    return editor.create(className, body).map(schema -> Reply.ok(schema.toApiJson()));
  }

  private Future<Reply> update(ParseRequest request) {
    request.requireMaster();
    String className = request.path("className");
    checkSameClass(className, request.body().getValue("className"));
    if (!Names.isClass(className)) {
      return Future.failedFuture(SchemaEditor.doesNotExist(className));
    }
    SchemaBody body = SchemaBody.of(request.body());
    return editor.update(className, body).map(schema -> Reply.ok(schema.toApiJson()));
  }

  private Future<Reply> delete(ParseRequest request) {
    request.requireMaster();
    String className = Names.checkClass(request.path("className"));
    return editor.delete(className).map(v -> Reply.ok(new JsonObject()));
  }

  private static void checkSameClass(String pathClass, Object bodyClass) {
    if (pathClass != null && bodyClass != null && !"".equals(bodyClass) && !pathClass.equals(bodyClass)) {
      throw new ParseException(ParseException.INVALID_CLASS_NAME,
          "Class name mismatch between " + JsText.of(bodyClass) + " and " + pathClass + ".");
    }
  }
}
