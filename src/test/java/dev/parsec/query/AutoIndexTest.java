package dev.parsec.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Fields that queries filter or order on get an index, once their class is big enough")
class AutoIndexTest {

  private static long indexesOn(DatabaseUrl db, String table, String column) {
    return TestDatabases.count(db, "SELECT count(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
        + " AND a.attnum = i.indkey[0] WHERE i.indrelid = '\"" + table + "\"'::regclass AND a.attname = '" + column + "'");
  }

  private static void seed(Api master, String className, int count) {
    JsonArray requests = new JsonArray();
    for (int i = 0; i < count; i++) {
      requests.add(new JsonObject().put("method", "POST").put("path", "/parse/classes/" + className)
          .put("body", new JsonObject().put("score", i).put("player", "p" + i).put("flag", i % 2 == 0)));
    }
    assertEquals(200, master.post("/parse/batch", new JsonObject().put("requests", requests)).status());
  }

  private static void awaitIndex(DatabaseUrl db, String table, String column, long expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (indexesOn(db, table, column) != expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
  }

  @Test
  @DisplayName("a worker indexes the filtered and ordered fields of a big class, but not booleans nor small classes")
  void indexesWhatQueriesUse() throws InterruptedException {
    DatabaseUrl db = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(db);
    settings.put("auto_index_min_rows", "20");
    Node node = TestNodes.start(settings);
    try {
      Api master = Api.at(node.config().port()).asMaster();
      seed(master, "Big", 30);
      seed(master, "Small", 5);
      for (String className : new String[] {"Big", "Small"}) {
        Api.Response found = master.get("/parse/classes/" + className, Map.of(
            "where", "{\"score\":{\"$gte\":3},\"flag\":true}", "order", "-player"));
        assertEquals(200, found.status(), found.text());
      }
      awaitIndex(db, "Big", "score", 1);
      awaitIndex(db, "Big", "player", 1);
      assertEquals(1, indexesOn(db, "Big", "score"));
      assertEquals(1, indexesOn(db, "Big", "player"));
      assertEquals(0, indexesOn(db, "Big", "flag"), "a boolean is not worth an index");
      assertEquals(0, indexesOn(db, "Small", "score"), "a small class needs no index");
      String analyzed = "SELECT count(*) FROM pg_stats WHERE tablename = 'Big' AND attname = 'score'";
      for (int i = 0; i < 50 && TestDatabases.count(db, analyzed) == 0; i++) {
        Thread.sleep(100);
      }
      assertEquals(1, TestDatabases.count(db, analyzed),
          "the indexed table is analyzed, so the planner knows the column's distribution (autovacuum may be off)");
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("a query that connections keep running while the index is built is planned on the index afterwards")
  void plansMadeBeforeTheIndexUseIt() throws Exception {
    DatabaseUrl db = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(db);
    settings.put("auto_index_min_rows", "1000");
    Node node = TestNodes.start(settings);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      Api master = Api.at(node.config().port()).asMaster();
      seed(master, "Ranked", 5);
      // rows written by SQL, as an import would, without createdAt and updatedAt (queries leave them out)
      TestDatabases.execute(db, "INSERT INTO \"Ranked\" (\"objectId\", score, player, flag)"
          + " SELECT 'r' || g, g % 10000, 'p' || g, false FROM generate_series(1, 30000) g");
      // a pooled connection's prepared query, as a node runs it: planned generically after five runs
      Statement s = c.createStatement();
      s.execute("PREPARE ranked(float8, float8) AS SELECT * FROM \"Ranked\" t WHERE t.score >= $1 AND t.score < $2"
          + " ORDER BY t.score DESC LIMIT 20");
      assertEquals(200, master.get("/parse/classes/Ranked", Map.of("where", "{\"score\":{\"$gte\":3,\"$lt\":300}}",
          "order", "-score")).status());
      // it keeps running (as under load) while the worker builds the index; and once the index is valid, the planner
      // has had the column's statistics from the start (a plan made between the two would outlive them)
      String state = "SELECT i.indisvalid, EXISTS (SELECT 1 FROM pg_stats WHERE tablename = 'Ranked' AND attname = 'score')"
          + " FROM pg_index i WHERE i.indexrelid = to_regclass('\"_auto_Ranked_score\"')";
      long deadline = System.currentTimeMillis() + 15_000;
      boolean valid = false;
      for (int i = 0; !valid && System.currentTimeMillis() < deadline; i++) {
        s.execute("EXECUTE ranked(" + (i % 9000) + ", " + (i % 9000 + 200) + ")");
        try (ResultSet index = s.executeQuery(state)) {
          if (index.next() && index.getBoolean(1)) {
            valid = true;
            assertTrue(index.getBoolean(2), "the table was analyzed before its index became valid");
          }
        }
      }
      assertTrue(valid, "the index was built");
      s.execute("EXECUTE ranked(1, 201)");
      StringBuilder plan = new StringBuilder();
      try (ResultSet rows = s.executeQuery("EXPLAIN EXECUTE ranked(4000, 4200)")) {
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
      }
      assertTrue(plan.toString().contains("Index Scan Backward using \"_auto_Ranked_score\"") && !plan.toString().contains("Sort"),
          "the range is read from the index up to the LIMIT, not scanned and sorted:\n" + plan);
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("with auto_index off, no index is built")
  void offMeansOff() throws InterruptedException {
    DatabaseUrl db = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(db);
    settings.put("auto_index_min_rows", "1");
    settings.put("auto_index", "false");
    Node node = TestNodes.start(settings);
    try {
      Api master = Api.at(node.config().port()).asMaster();
      seed(master, "Big", 5);
      master.get("/parse/classes/Big", Map.of("where", "{\"score\":{\"$gte\":3}}"));
      Thread.sleep(1500);
      assertEquals(0, indexesOn(db, "Big", "score"));
    } finally {
      node.stop();
    }
  }
}
