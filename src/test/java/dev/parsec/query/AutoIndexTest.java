package dev.parsec.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
