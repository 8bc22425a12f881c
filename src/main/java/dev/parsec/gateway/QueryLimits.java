package dev.parsec.gateway;

import dev.parsec.config.GatewaySettings;
import dev.parsec.error.ParseException;
import dev.parsec.web.ParseRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What one query may ask of the database: includes at most max_include_depth levels deep, at most
 * max_or_clauses clauses in $or, $and and $nor together (102 beyond either), and a limit capped at
 * max_limit (as Parse Server's maxLimit caps it). 0 lifts a limit.
 */
public final class QueryLimits {

  private final GatewaySettings settings;

  public QueryLimits(GatewaySettings settings) {
    this.settings = settings;
  }

  public ParseRequest check(ParseRequest request) {
    JsonObject params = request.params();
    if (params.isEmpty()) {
      return request;
    }
    checkInclude(params.getValue("include"));
    checkClauses(params.getValue("where"));
    Object limit = params.getValue("limit");
    long asked = limit instanceof Number n ? n.longValue() : limit instanceof String text && text.matches("\\d{1,18}") ? Long.parseLong(text) : -1;
    if (settings.maxLimit() > 0 && asked > settings.maxLimit()) {
      JsonObject capped = params.copy().put("limit", settings.maxLimit());
      boolean inQuery = !request.query().isEmpty();
      return request.with(request.method(), inQuery ? request.body() : capped, inQuery ? capped : request.query(),
          request.pathParams(), request.transaction());
    }
    return request;
  }

  private void checkInclude(Object include) {
    if (settings.maxIncludeDepth() == 0 || include == null) {
      return;
    }
    Iterable<?> paths = include instanceof JsonArray list ? list : java.util.List.of(String.valueOf(include).split(","));
    for (Object path : paths) {
      int depth = String.valueOf(path).trim().split("\\.").length;
      if (depth > settings.maxIncludeDepth()) {
        throw new ParseException(ParseException.INVALID_QUERY,
            "include is " + depth + " levels deep; at most " + settings.maxIncludeDepth() + " are allowed");
      }
    }
  }

  private void checkClauses(Object where) {
    if (settings.maxOrClauses() == 0 || where == null) {
      return;
    }
    Object parsed = where;
    if (where instanceof String text) {
      try {
        parsed = new JsonObject(text);
      } catch (DecodeException e) {
        return; // the query itself reports bad JSON
      }
    }
    int clauses = clauses(parsed);
    if (clauses > settings.maxOrClauses()) {
      throw new ParseException(ParseException.INVALID_QUERY,
          "the query has " + clauses + " $or/$and/$nor clauses; at most " + settings.maxOrClauses() + " are allowed");
    }
  }

  private static int clauses(Object node) {
    int count = 0;
    if (node instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        Object value = object.getValue(key);
        if ((key.equals("$or") || key.equals("$and") || key.equals("$nor")) && value instanceof JsonArray list) {
          count += list.size();
        }
        count += clauses(value);
      }
    } else if (node instanceof JsonArray list) {
      for (Object item : list) {
        count += clauses(item);
      }
    }
    return count;
  }
}
