package dev.parsec.cloud;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A query of one class, built as Parse.Query is: constraints on keys (every one the REST API's where takes, or
 * raw JSON with {@link #where}), order, limit, skip, keys, include; then run as the {@link Data} it came from.
 * Each builder call changes this query and answers it.
 */
public final class Query {

  /** How many objects {@link #each} reads at once. */
  private static final int EACH_BATCH = 1000;

  private final Data data;
  private final String className;
  private final JsonObject where = new JsonObject();
  private final List<String> order = new ArrayList<>();
  private final List<String> include = new ArrayList<>();
  private List<String> keys;
  private List<String> excludeKeys;
  private Integer limit;
  private Integer skip;

  Query(Data data, String className) {
    this.data = data;
    this.className = className;
  }

  public String className() {
    return className;
  }

  /** Adds raw where constraints ({"score": {"$gt": 10}}), merged key by key with those set already. */
  public Query where(JsonObject constraints) {
    constraints.forEach(entry -> {
      Object old = where.getValue(entry.getKey());
      if (old instanceof JsonObject oldOps && entry.getValue() instanceof JsonObject newOps && isOperators(oldOps) && isOperators(newOps)) {
        oldOps.mergeIn(newOps);
      } else {
        where.put(entry.getKey(), entry.getValue());
      }
    });
    return this;
  }

  public Query equalTo(String key, Object value) {
    where.put(key, value);
    return this;
  }

  public Query notEqualTo(String key, Object value) {
    return constraint(key, "$ne", value);
  }

  public Query lessThan(String key, Object value) {
    return constraint(key, "$lt", value);
  }

  public Query lessThanOrEqualTo(String key, Object value) {
    return constraint(key, "$lte", value);
  }

  public Query greaterThan(String key, Object value) {
    return constraint(key, "$gt", value);
  }

  public Query greaterThanOrEqualTo(String key, Object value) {
    return constraint(key, "$gte", value);
  }

  public Query containedIn(String key, List<?> values) {
    return constraint(key, "$in", new JsonArray(new ArrayList<>(values)));
  }

  public Query notContainedIn(String key, List<?> values) {
    return constraint(key, "$nin", new JsonArray(new ArrayList<>(values)));
  }

  /** An array field holding every one of the values. */
  public Query containsAll(String key, List<?> values) {
    return constraint(key, "$all", new JsonArray(new ArrayList<>(values)));
  }

  public Query exists(String key) {
    return constraint(key, "$exists", true);
  }

  public Query doesNotExist(String key) {
    return constraint(key, "$exists", false);
  }

  /** A string field matching a regular expression; modifiers as Parse's ("i", "m", "x", "s"). */
  public Query matches(String key, String regex, String modifiers) {
    constraint(key, "$regex", regex);
    return modifiers == null || modifiers.isEmpty() ? this : constraint(key, "$options", modifiers);
  }

  public Query startsWith(String key, String prefix) {
    return constraint(key, "$regex", "^" + Pattern.quote(prefix));
  }

  public Query endsWith(String key, String suffix) {
    return constraint(key, "$regex", Pattern.quote(suffix) + "$");
  }

  /** A string field holding the text. */
  public Query contains(String key, String text) {
    return constraint(key, "$regex", Pattern.quote(text));
  }

  /** A pointer field whose object matches the other query (of the class the pointer names). */
  public Query matchesQuery(String key, Query query) {
    return constraint(key, "$inQuery", query.asSubQuery());
  }

  public Query doesNotMatchQuery(String key, Query query) {
    return constraint(key, "$notInQuery", query.asSubQuery());
  }

  /** A field whose value is the queryKey of some object the other query finds. */
  public Query matchesKeyInQuery(String key, String queryKey, Query query) {
    return constraint(key, "$select", new JsonObject().put("query", query.asSubQuery()).put("key", queryKey));
  }

  public Query doesNotMatchKeyInQuery(String key, String queryKey, Query query) {
    return constraint(key, "$dontSelect", new JsonObject().put("query", query.asSubQuery()).put("key", queryKey));
  }

  /** The objects of the relation key of parent (a pointer). */
  public Query relatedTo(JsonObject parent, String key) {
    where.put("$relatedTo", new JsonObject().put("object", parent).put("key", key));
    return this;
  }

  /** A GeoPoint field, nearest first, within maxKilometers when it is positive. */
  public Query near(String key, JsonObject geoPoint, double maxKilometers) {
    constraint(key, "$nearSphere", geoPoint);
    return maxKilometers > 0 ? constraint(key, "$maxDistanceInKilometers", maxKilometers) : this;
  }

  /** Objects matching any of the queries (all of the same class as this one). */
  public Query or(Query... queries) {
    return compound("$or", queries);
  }

  /** Objects matching every one of the queries. */
  public Query and(Query... queries) {
    return compound("$and", queries);
  }

  public Query ascending(String... keys) {
    order.clear();
    return addAscending(keys);
  }

  public Query descending(String... keys) {
    order.clear();
    return addDescending(keys);
  }

  public Query addAscending(String... keys) {
    order.addAll(Arrays.asList(keys));
    return this;
  }

  public Query addDescending(String... keys) {
    Arrays.stream(keys).map(key -> "-" + key).forEach(order::add);
    return this;
  }

  public Query limit(int limit) {
    this.limit = limit;
    return this;
  }

  public Query skip(int skip) {
    this.skip = skip;
    return this;
  }

  /** The pointer fields to answer as whole objects (dotted paths for nested pointers). */
  public Query include(String... keys) {
    include.addAll(Arrays.asList(keys));
    return this;
  }

  /** Answers only these fields (and objectId, createdAt, updatedAt, ACL). */
  public Query select(String... keys) {
    this.keys = List.of(keys);
    return this;
  }

  /** Answers every field but these. */
  public Query exclude(String... keys) {
    this.excludeKeys = List.of(keys);
    return this;
  }

  /** The where constraints (the same object: changing it changes the query). */
  public JsonObject where() {
    return where;
  }

  /** The query as the REST API's find parameters (where, order, limit, skip, keys, excludeKeys, include). */
  public JsonObject toParams() {
    JsonObject params = new JsonObject().put("where", where.copy());
    if (!order.isEmpty()) {
      params.put("order", String.join(",", order));
    }
    if (limit != null) {
      params.put("limit", limit);
    }
    if (skip != null) {
      params.put("skip", skip);
    }
    if (keys != null) {
      params.put("keys", String.join(",", keys));
    }
    if (excludeKeys != null) {
      params.put("excludeKeys", String.join(",", excludeKeys));
    }
    if (!include.isEmpty()) {
      params.put("include", String.join(",", include));
    }
    return params;
  }

  public Future<List<JsonObject>> find() {
    return data.find(className, toParams());
  }

  /** The first object found, or null. */
  public Future<JsonObject> first() {
    JsonObject params = toParams().put("limit", 1);
    return data.find(className, params).map(found -> found.isEmpty() ? null : found.get(0));
  }

  /** The object with this id among those the query matches (101 when there is none). */
  public Future<JsonObject> get(String objectId) {
    JsonObject params = toParams().put("limit", 1);
    params.getJsonObject("where").put("objectId", objectId);
    return data.find(className, params).compose(found -> found.isEmpty()
        ? Future.failedFuture(new ParseError(ParseError.OBJECT_NOT_FOUND, "Object not found."))
        : Future.succeededFuture(found.get(0)));
  }

  public Future<Long> count() {
    return data.count(className, where.copy());
  }

  public Future<JsonArray> distinct(String key) {
    return data.distinct(className, key, where.copy());
  }

  /**
   * Hands every matching object to the handler, one at a time, and asks for the next only when the Future the
   * handler answered completes: a class of millions of rows streams through in batches, never held whole, at
   * the pace the handler works. Objects come in objectId order (the query's own order, limit and skip are not
   * allowed, as in Parse.Query.each). Fails with the first failure of a read or of the handler. The handler may run on
   * an event loop (the one the reads complete on): it must not block (no {@code await()} in it); it answers a
   * Future (or null when it is done at once).
   */
  public Future<Void> each(Function<JsonObject, Future<?>> handler) {
    if (!order.isEmpty() || limit != null || skip != null) {
      return Future.failedFuture(new ParseError(ParseError.INVALID_QUERY, "Cannot iterate on a query with sort, skip, or limit."));
    }
    return eachAfter(null, handler);
  }

  private Future<Void> eachAfter(String lastId, Function<JsonObject, Future<?>> handler) {
    JsonObject params = toParams().put("order", "objectId").put("limit", EACH_BATCH);
    if (lastId != null) {
      JsonObject batchWhere = new JsonObject().put("objectId", new JsonObject().put("$gt", lastId));
      params.put("where", where.isEmpty() ? batchWhere : new JsonObject().put("$and", new JsonArray().add(where.copy()).add(batchWhere)));
    }
    return data.find(className, params).compose(batch -> handleFrom(batch, 0, handler).compose(done -> batch.size() < EACH_BATCH
        ? Future.succeededFuture()
        : eachAfter(batch.get(batch.size() - 1).getString("objectId"), handler)));
  }

  private static Future<Void> handleFrom(List<JsonObject> batch, int index, Function<JsonObject, Future<?>> handler) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = index; i < batch.size(); i++) {
      JsonObject object = batch.get(i);
      chain = chain.compose(done -> {
        Future<?> handled = handler.apply(object);
        return handled == null ? Future.succeededFuture() : handled.mapEmpty();
      });
    }
    return chain;
  }

  private JsonObject asSubQuery() {
    JsonObject sub = new JsonObject().put("className", className).put("where", where.copy());
    if (limit != null) {
      sub.put("limit", limit);
    }
    if (skip != null) {
      sub.put("skip", skip);
    }
    if (!order.isEmpty()) {
      sub.put("order", String.join(",", order));
    }
    return sub;
  }

  private Query compound(String operator, Query... queries) {
    JsonArray clauses = new JsonArray();
    for (Query query : queries) {
      if (!query.className.equals(className)) {
        throw new IllegalArgumentException("All queries must be for the same class (" + className + ", " + query.className + ")");
      }
      clauses.add(query.where.copy());
    }
    where.put(operator, clauses);
    return this;
  }

  private Query constraint(String key, String operator, Object value) {
    Object current = where.getValue(key);
    JsonObject operators = current instanceof JsonObject ops && isOperators(ops) ? ops : new JsonObject();
    operators.put(operator, value);
    where.put(key, operators);
    return this;
  }

  private static boolean isOperators(JsonObject value) {
    return !value.isEmpty() && value.fieldNames().stream().allMatch(name -> name.startsWith("$"));
  }
}
