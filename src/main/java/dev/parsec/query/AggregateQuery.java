package dev.parsec.query;

import dev.parsec.error.ParseException;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.FieldType;
import dev.parsec.schema.Names;
import dev.parsec.schema.ParseValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An aggregation pipeline as one SQL statement: $match stages (the where language), at most one
 * $group ($sum, $avg, $min, $max, and $sum: 1 for counts), then $sort, $skip, $limit and $project,
 * or $count. As Parse Server answers, a group's key comes back as objectId.
 */
public final class AggregateQuery {

  private static final String T = "t";

  private final ParseValues values;
  private final SqlParams params = new SqlParams();
  private final String sql;
  /** Output name → the type to decode it with (null: a number or a plain JSON value). */
  private final Map<String, FieldType> outputs = new LinkedHashMap<>();

  public AggregateQuery(Map<String, ClassSchema> schemas, ParseValues values, ClassSchema schema, JsonArray pipeline) {
    this.values = values;
    WhereSql where = new WhereSql(schemas, values, params);
    List<String> conditions = new ArrayList<>();
    Map<String, String> select = new LinkedHashMap<>();
    String groupBy = null;
    String order = "";
    String limit = "";
    String offset = "";
    boolean grouped = false;
    String count = null;
    for (Object item : pipeline) {
      if (!(item instanceof JsonObject stage) || stage.size() != 1) {
        throw new ParseException(ParseException.INVALID_QUERY, "each pipeline stage must be an object with one operator");
      }
      String op = stage.fieldNames().iterator().next();
      Object arg = stage.getValue(op);
      switch (op) {
        case "$match" -> {
          if (grouped) {
            throw new ParseException(ParseException.INVALID_QUERY, "$match after $group is not supported");
          }
          conditions.add(where.translate(schema, T, object(op, arg)));
        }
        case "$group" -> {
          if (grouped) {
            throw new ParseException(ParseException.INVALID_QUERY, "only one $group is supported");
          }
          grouped = true;
          JsonObject group = object(op, arg);
          if (!group.containsKey("_id") && !group.containsKey("objectId")) {
            throw new ParseException(ParseException.INVALID_QUERY, "$group needs an _id");
          }
          Object key = group.containsKey("_id") ? group.getValue("_id") : group.getValue("objectId");
          if (key != null) {
            String field = fieldRef(key);
            groupBy = column(schema, field);
            select.put("objectId", groupBy);
            outputs.put("objectId", schema.field(field));
          } else {
            select.put("objectId", "NULL");
            outputs.put("objectId", null);
          }
          for (Map.Entry<String, Object> acc : group) {
            if (acc.getKey().equals("_id") || acc.getKey().equals("objectId")) {
              continue;
            }
            Names.checkField(acc.getKey());
            select.put(acc.getKey(), accumulator(schema, acc.getKey(), acc.getValue()));
            outputs.put(acc.getKey(), null);
          }
        }
        case "$sort" -> {
          List<String> terms = new ArrayList<>();
          for (Map.Entry<String, Object> term : object(op, arg)) {
            String name = term.getKey().equals("_id") ? "objectId" : term.getKey();
            String expr = grouped ? Names.quote(Names.checkOutput(name, select.keySet())) : column(schema, name);
            terms.add(expr + (Integer.valueOf(-1).equals(term.getValue()) ? " DESC" : " ASC"));
          }
          order = terms.isEmpty() ? "" : " ORDER BY " + String.join(", ", terms);
        }
        case "$limit" -> limit = " LIMIT " + nonNegative(op, arg);
        case "$skip" -> offset = " OFFSET " + nonNegative(op, arg);
        case "$count" -> {
          if (!(arg instanceof String name)) {
            throw new ParseException(ParseException.INVALID_QUERY, "$count needs a field name");
          }
          count = Names.checkField(name);
        }
        case "$project" -> {
          if (grouped) {
            select.keySet().retainAll(object(op, arg).fieldNames());
            select.putIfAbsent("objectId", "objectId");
          } else {
            for (Map.Entry<String, Object> field : object(op, arg)) {
              if (WhereSql.truthy(field.getValue())) {
                String name = Names.checkField(field.getKey());
                select.put(name, column(schema, name));
                outputs.put(name, schema.field(name));
              }
            }
          }
        }
        default -> throw new ParseException(ParseException.INVALID_QUERY, "Invalid aggregate stage '" + op + "'.");
      }
    }
    String tag = schema.sqlTag();
    String from = " FROM " + Names.quote(schema.className()) + " " + T
        + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions));
    if (count != null) {
      outputs.clear();
      outputs.put(count, null);
      this.sql = tag + "SELECT count(*) AS " + Names.quote(count) + from;
      return;
    }
    if (select.isEmpty()) {
      select.put("objectId", T + ".\"objectId\"");
      outputs.put("objectId", FieldType.STRING);
      for (Map.Entry<String, FieldType> field : schema.fields().entrySet()) {
        if (field.getValue().sqlType() != null && !field.getKey().equals("objectId")) {
          select.put(field.getKey(), column(schema, field.getKey()));
          outputs.put(field.getKey(), field.getValue());
        }
      }
    }
    List<String> columns = new ArrayList<>();
    select.forEach((name, expr) -> columns.add(expr + " AS " + Names.quote(name)));
    String inner = "SELECT " + String.join(", ", columns) + from + (groupBy == null ? "" : " GROUP BY " + groupBy);
    this.sql = tag + (grouped ? "SELECT * FROM (" + inner + ") g" + order + limit + offset : inner + order + limit + offset);
  }

  public String sql() {
    return sql;
  }

  public Tuple params() {
    return params.tuple();
  }

  public JsonObject decode(Row row) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, FieldType> output : outputs.entrySet()) {
      Object value = row.getValue(output.getKey());
      if (value == null) {
        out.putNull(output.getKey());
      } else if (output.getValue() != null) {
        out.put(output.getKey(), values.fromSql(output.getValue(), value));
      } else if (value instanceof Number number) {
        out.put(output.getKey(), ParseValues.number(number.doubleValue()));
      } else {
        out.put(output.getKey(), value);
      }
    }
    return out;
  }

  private String accumulator(ClassSchema schema, String name, Object spec) {
    if (!(spec instanceof JsonObject acc) || acc.size() != 1) {
      throw new ParseException(ParseException.INVALID_QUERY, "bad accumulator for " + name);
    }
    String op = acc.fieldNames().iterator().next();
    Object arg = acc.getValue(op);
    if (op.equals("$sum") && arg instanceof Number n) {
      return "count(*) * " + params.bind(n.doubleValue());
    }
    String column = column(schema, fieldRef(arg));
    return switch (op) {
      case "$sum" -> "COALESCE(sum(" + column + "), 0)";
      case "$avg" -> "avg(" + column + ")";
      case "$min" -> "min(" + column + ")";
      case "$max" -> "max(" + column + ")";
      default -> throw new ParseException(ParseException.INVALID_QUERY, "Invalid accumulator " + op);
    };
  }

  private static String column(ClassSchema schema, String field) {
    String name = field.equals("_id") ? "objectId" : field;
    Names.checkField(name);
    FieldType type = schema.field(name);
    if (type == null || type.sqlType() == null) {
      throw new ParseException(ParseException.INVALID_QUERY, "unknown field " + name + " in aggregate");
    }
    return T + "." + Names.quote(name);
  }

  private static String fieldRef(Object ref) {
    if (!(ref instanceof String text) || !text.startsWith("$")) {
      throw new ParseException(ParseException.INVALID_QUERY, "a field reference looks like \"$field\" (got " + ref + ")");
    }
    return text.substring(1);
  }

  private static JsonObject object(String op, Object arg) {
    if (!(arg instanceof JsonObject object)) {
      throw new ParseException(ParseException.INVALID_QUERY, op + " needs an object");
    }
    return object;
  }

  private static int nonNegative(String op, Object arg) {
    if (!(arg instanceof Number n) || n.intValue() < 0) {
      throw new ParseException(ParseException.INVALID_QUERY, op + " needs a non-negative number");
    }
    return n.intValue();
  }
}
