package dev.parsec.backup;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * schema.json: the statements that rebuild the database around its data. A restore runs
 * {@code create} (sequences, tables without their constraints), loads each table's data, then runs
 * {@code after} (primary keys, unique and check constraints, indexes, column storage, foreign keys,
 * sequence values): building indexes once over loaded rows is faster than keeping them up row by row,
 * and foreign keys last let tables load in any order.
 */
record DatabaseLayout(List<String> create, List<TableData> tables, List<String> after) {

  static final String NAME = "schema.json";

  /** A table's data file (binary COPY of these columns, in this order) and its row count. */
  record TableData(String name, String file, List<String> columns, long rows) {

    String columnList() {
      return String.join(", ", columns.stream().map(Sql::quote).toList());
    }
  }

  JsonObject toJson() {
    JsonArray list = new JsonArray();
    tables.forEach(t -> list.add(new JsonObject().put("name", t.name()).put("file", t.file())
        .put("columns", new JsonArray(new ArrayList<>(t.columns()))).put("rows", t.rows())));
    return new JsonObject().put("create", new JsonArray(new ArrayList<>(create))).put("tables", list)
        .put("after", new JsonArray(new ArrayList<>(after)));
  }

  static DatabaseLayout fromJson(JsonObject json) {
    List<TableData> tables = new ArrayList<>();
    for (Object item : json.getJsonArray("tables")) {
      JsonObject t = (JsonObject) item;
      tables.add(new TableData(t.getString("name"), t.getString("file"), strings(t.getJsonArray("columns")), t.getLong("rows")));
    }
    return new DatabaseLayout(strings(json.getJsonArray("create")), List.copyOf(tables), strings(json.getJsonArray("after")));
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(value -> out.add((String) value));
    return List.copyOf(out);
  }
}
