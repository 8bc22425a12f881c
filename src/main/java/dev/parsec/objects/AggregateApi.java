package dev.parsec.objects;

import dev.parsec.error.ParseException;
import dev.parsec.query.AggregateQuery;
import dev.parsec.query.SqlParams;
import dev.parsec.query.WhereSql;
import dev.parsec.replicas.ReadRouting;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.FieldType;
import dev.parsec.schema.Names;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** GET /aggregate/:className, for the master key: distinct values of a field, or an aggregation pipeline. */
public final class AggregateApi {

  private final SchemaStore schemas;
  private final ParseValues values;
  /** A read replica when configured (the master key's own writes seen), else the primary. */
  private final ReadRouting routing;

  public AggregateApi(SchemaStore schemas, ParseValues values, ReadRouting routing) {
    this.schemas = schemas;
    this.values = values;
    this.routing = routing;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/aggregate/:className", this::aggregate);
  }

  private Future<Reply> aggregate(ParseRequest request) {
    request.requireMaster();
    String className = Names.checkClass(request.path("className"));
    JsonObject params = request.params();
    Future<JsonArray> results = params.containsKey("distinct")
        ? distinct(request, className, String.valueOf(params.getValue("distinct")), json(params.getValue("where"), new JsonObject()))
        : pipeline(request, className, pipeline(params));
    return results.map(found -> Reply.ok(new JsonObject().put("results", found)));
  }

  /** The results of the pipeline over the class (none when the class has no objects yet); master key only. */
  public Future<JsonArray> pipeline(ParseRequest request, String className, JsonArray pipeline) {
    request.requireMaster();
    Names.checkClass(className);
    return schemas.all().compose(all -> {
      ClassSchema schema = all.get(className);
      if (schema == null) {
        return Future.succeededFuture(new JsonArray());
      }
      AggregateQuery query = new AggregateQuery(all, values, schema, pipeline);
      return routing.read(request, db -> db.preparedQuery(query.sql()).execute(query.params())).map(rows -> {
        JsonArray results = new JsonArray();
        for (Row row : rows) {
          results.add(query.decode(row));
        }
        return results;
      });
    });
  }

  /** The distinct values of key (a field, or a dotted path inside an Object field) among the objects matching where; master key only. */
  public Future<JsonArray> distinct(ParseRequest request, String className, String key, Object where) {
    request.requireMaster();
    Names.checkClass(className);
    return schemas.all().compose(all -> {
      ClassSchema schema = all.get(className);
      return schema == null ? Future.succeededFuture(new JsonArray()) : distinct(request, all, schema, key, where);
    });
  }

  private Future<JsonArray> distinct(ParseRequest request, java.util.Map<String, ClassSchema> all, ClassSchema schema, String key, Object where) {
    if (!(where instanceof JsonObject condition)) {
      throw new ParseException(ParseException.INVALID_JSON, "where must be a JSON object");
    }
    SqlParams params = new SqlParams();
    String filter = new WhereSql(all, values, params).translate(schema, "t", condition);
    String[] path = key.split("\\.");
    FieldType type = schema.field(Names.checkField(path[0]));
    if (type == null || type.sqlType() == null) {
      return Future.succeededFuture(new JsonArray());
    }
    String column = "t." + Names.quote(path[0]);
    if (path.length > 1) {
      if (!type.type().equals("Object")) {
        throw new ParseException(ParseException.INVALID_QUERY, key + " is not inside an Object field");
      }
      column = "(" + column + " #> " + params.bind(java.util.Arrays.copyOfRange(path, 1, path.length)) + "::text[])";
    }
    String sql = schema.sqlTag() + "SELECT DISTINCT " + column + " FROM " + Names.quote(schema.className()) + " t WHERE " + filter
        + " AND " + column + " IS NOT NULL";
    boolean nested = path.length > 1;
    return routing.read(request, db -> db.preparedQuery(sql).execute(params.tuple())).map(rows -> {
      JsonArray results = new JsonArray();
      for (Row row : rows) {
        results.add(nested ? row.getValue(0) : values.fromSql(type, row.getValue(0)));
      }
      return results;
    });
  }

  /** The pipeline from "pipeline" (an array, or its JSON text in a query string), or from stages given as parameters. */
  private static JsonArray pipeline(JsonObject params) {
    Object given = params.getValue("pipeline");
    if (given != null) {
      Object pipeline = json(given, null);
      if (pipeline instanceof JsonObject stage) {
        return new JsonArray().add(stage);
      }
      if (pipeline instanceof JsonArray stages) {
        return stages;
      }
      throw new ParseException(ParseException.INVALID_QUERY, "pipeline must be an array of stages");
    }
    JsonArray stages = new JsonArray();
    for (String name : params.fieldNames()) {
      String op = name.startsWith("$") ? name : "$" + name;
      stages.add(new JsonObject().put(op, json(params.getValue(name), null)));
    }
    return stages;
  }

  private static Object json(Object value, Object fallback) {
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String text)) {
      return value;
    }
    try {
      return new JsonArray("[" + text + "]").getValue(0);
    } catch (DecodeException e) {
      throw new ParseException(ParseException.INVALID_JSON, "invalid JSON: " + text);
    }
  }
}
