package dev.parsec.clouddata;

import dev.parsec.access.Access;
import dev.parsec.cloud.Data;
import dev.parsec.cloud.ParseError;
import dev.parsec.error.ParseException;
import dev.parsec.datapath.DataPath;
import dev.parsec.schema.Names;
import dev.parsec.web.ParseRequest;
import dev.parsec.tracing.TraceHop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link Data} as one caller: each call hops onto the data event loop (the read and write paths are that loop's
 * alone), goes through them as a REST call of the caller would, and answers a Future completed on that loop,
 * failed with a {@link ParseError} where REST would answer a Parse error.
 */
final class CallerData implements Data {

  /** The fields a saved object carries that the server sets, never the body of a save. */

  private static final String CONFIG = "/config";
  private static final String FILES = "/files/";

  private final Context context;
  private final DataPath path;
  /** The caller; null until a session token is resolved. */
  private final Access access;
  private final String sessionToken;
  /** The session's caller once asked (read and written on the data event loop only). */
  private Future<Access> identified;

  CallerData(Context context, DataPath path, Access access, String sessionToken) {
    this.context = context;
    this.path = path;
    this.access = access;
    this.sessionToken = sessionToken;
  }

  @Override
  public Data asMaster() {
    return new CallerData(context, path, Access.MASTER, null);
  }

  @Override
  public Data asSession(String sessionToken) {
    if (sessionToken == null || sessionToken.isEmpty()) {
      throw new IllegalArgumentException("a session token is required");
    }
    return new CallerData(context, path, null, sessionToken);
  }

  @Override
  public boolean master() {
    return access != null && access.master();
  }

  @Override
  public Future<JsonObject> get(String className, String objectId) {
    return on(caller -> objectId == null ? Future.failedFuture(ParseException.objectNotFound())
        : path.reads().get(request(caller, HttpMethod.GET, classes(className), new JsonObject(), new JsonObject()), Names.checkClass(className), objectId));
  }

  @Override
  public Future<List<JsonObject>> find(String className, JsonObject params) {
    JsonObject query = params == null ? new JsonObject() : params.copy();
    return on(caller -> path.reads().find(request(caller, HttpMethod.GET, classes(className), new JsonObject(), query), Names.checkClass(className))
        .map(found -> objects(found.getJsonArray("results"))));
  }

  @Override
  public Future<Long> count(String className, JsonObject where) {
    JsonObject query = new JsonObject().put("where", where == null ? new JsonObject() : where.copy()).put("count", 1).put("limit", 0);
    return on(caller -> path.reads().find(request(caller, HttpMethod.GET, classes(className), new JsonObject(), query), Names.checkClass(className))
        .map(found -> found.getLong("count", 0L)));
  }

  @Override
  public Future<JsonArray> aggregate(String className, JsonArray pipeline) {
    JsonArray stages = pipeline == null ? new JsonArray() : pipeline.copy();
    return on(caller -> path.aggregates().pipeline(request(caller, HttpMethod.GET, "/aggregate/" + className, new JsonObject(), new JsonObject()), className, stages));
  }

  @Override
  public Future<JsonArray> distinct(String className, String field, JsonObject where) {
    if (field == null) {
      return missing("a field");
    }
    JsonObject condition = where == null ? new JsonObject() : where.copy();
    return on(caller -> path.aggregates().distinct(request(caller, HttpMethod.GET, "/aggregate/" + className, new JsonObject(), new JsonObject()), className,
        field, condition));
  }

  @Override
  public Future<JsonObject> save(String className, JsonObject object) {
    if (object == null) {
      return missing("an object to save");
    }
    JsonObject given = object.copy();
    return on(caller -> save(caller, className, given));
  }

  @Override
  public Future<List<JsonObject>> saveAll(String className, List<JsonObject> objects) {
    if (objects == null || objects.stream().anyMatch(java.util.Objects::isNull)) {
      return missing("the objects to save");
    }
    List<JsonObject> given = objects.stream().map(JsonObject::copy).toList();
    return on(caller -> {
      List<JsonObject> saved = new ArrayList<>(given.size());
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject object : given) {
        chain = chain.compose(v -> save(caller, className, object).map(answer -> {
          saved.add(answer);
          return null;
        }));
      }
      return chain.map(v -> saved);
    });
  }

  @Override
  public Future<Void> delete(String className, String objectId) {
    return on(caller -> delete(caller, className, objectId));
  }

  @Override
  public Future<Void> deleteAll(String className, List<String> objectIds) {
    if (objectIds == null || objectIds.stream().anyMatch(java.util.Objects::isNull)) {
      return missing("the objectIds to delete");
    }
    List<String> ids = List.copyOf(objectIds);
    return on(caller -> {
      Future<Void> chain = Future.succeededFuture();
      for (String id : ids) {
        chain = chain.compose(v -> delete(caller, className, id));
      }
      return chain;
    });
  }

  @Override
  public Future<JsonObject> config() {
    return on(caller -> path.config().read(request(caller, HttpMethod.GET, CONFIG, new JsonObject(), new JsonObject()))
        .map(answer -> answer.getJsonObject("params", new JsonObject())));
  }

  @Override
  public Future<Void> saveConfig(JsonObject params) {
    if (params == null) {
      return missing("the parameters to save");
    }
    JsonObject body = new JsonObject().put("params", params.copy());
    return on(caller -> path.config().save(request(caller, HttpMethod.PUT, CONFIG, body, new JsonObject())));
  }

  @Override
  public Future<JsonObject> saveFile(String name, Buffer bytes, String contentType) {
    if (name == null || bytes == null) {
      return missing("a file's name and bytes");
    }
    Buffer copy = bytes.copy();
    return on(caller -> path.files().save(request(caller, HttpMethod.POST, FILES + name, new JsonObject(), new JsonObject()), name, contentType,
            copy, context)
        .map(saved -> new JsonObject().put("name", saved.name()).put("url", path.files().url(saved.name()))));
  }

  @Override
  public Future<Buffer> readFile(String name) {
    if (name == null) {
      return missing("a file's name");
    }
    return on(caller -> path.files().read(name));
  }

  @Override
  public Future<Void> deleteFile(String name) {
    if (name == null) {
      return missing("a file's name");
    }
    return on(caller -> path.files().delete(request(caller, HttpMethod.DELETE, FILES + name, new JsonObject(), new JsonObject()), name));
  }

  /** A create (no objectId) or an update; answers the object given, less its operations, with what the server answered. */
  private Future<JsonObject> save(Access caller, String className, JsonObject object) {
    if (object.containsKey("objectId") && !(object.getValue("objectId") instanceof String)) {
      return Future.failedFuture(new ParseException(ParseException.MISSING_OBJECT_ID, "objectId must be a string"));
    }
    String objectId = object.getString("objectId");
    JsonObject body = object.copy();
    Names.SERVER_FIELDS.forEach(body::remove);
    HttpMethod method = objectId == null ? HttpMethod.POST : HttpMethod.PUT;
    return path.writes().save(request(caller, method, classes(className), body, new JsonObject()), Names.checkClass(className), objectId, body)
        .map(answer -> {
          JsonObject saved = object.copy();
          body.forEach(field -> {
            if (field.getValue() instanceof JsonObject value && value.containsKey("__op")) {
              saved.remove(field.getKey());
            }
          });
          return saved.mergeIn(answer);
        });
  }

  private Future<Void> delete(Access caller, String className, String objectId) {
    if (objectId == null) {
      return Future.failedFuture(ParseException.objectNotFound());
    }
    return path.writes().delete(request(caller, HttpMethod.DELETE, classes(className), new JsonObject(), new JsonObject()), Names.checkClass(className), objectId);
  }

  /**
   * A call made by the caller, as the REST API makes one of an HTTP request to this route (below the mount path):
   * what the caller's key may do there is judged as REST judges it ({@link Access#forCall}), so the read-only master
   * key writes nothing (119) and the maintenance key is the master key on data routes only.
   */
  private static ParseRequest request(Access caller, HttpMethod method, String route, JsonObject body, JsonObject query) {
    return new ParseRequest(method, caller.forCall(method.name(), route), null, body, query, Map.of(), null, null);
  }

  private static String classes(String className) {
    return "/classes/" + className;
  }

  /**
   * Runs the call on the data event loop as the caller, and answers its outcome; the Future is not tied to any
   * context, so a worker thread may await it. The call's statements belong to the caller's trace, if any.
   */
  private <T> Future<T> on(Function<Access, Future<T>> call) {
    Promise<T> answer = Promise.promise();
    TraceHop.onto(context).runOnContext(v -> {
      Future<T> done;
      try {
        done = caller().compose(call);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onComplete(outcome -> {
        if (outcome.succeeded()) {
          answer.complete(outcome.result());
        } else {
          answer.fail(asParseError(outcome.cause()));
        }
      });
    });
    return answer.future();
  }

  private Future<Access> caller() {
    if (access != null) {
      return Future.succeededFuture(access);
    }
    if (identified == null) {
      identified = path.identities().of(Access.unidentified(false, null, sessionToken, null));
    }
    return identified;
  }

  /**
   * A Parse error as cloud code sees it: the REST API's code and message; a refusal REST answers with no code
   * (403 unauthorized: the master key is required) is 119.
   */
  private static Throwable asParseError(Throwable failure) {
    if (failure instanceof ParseException parse) {
      int code = parse.code() == ParseException.NO_CODE ? ParseError.OPERATION_FORBIDDEN : parse.code();
      return new ParseError(code, parse.getMessage());
    }
    return failure;
  }

  private static <T> Future<T> missing(String what) {
    return Future.failedFuture(new ParseError(ParseException.INVALID_JSON, what + " is required"));
  }

  private static List<JsonObject> objects(JsonArray results) {
    List<JsonObject> objects = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      objects.add(results.getJsonObject(i));
    }
    return objects;
  }
}
