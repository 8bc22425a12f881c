package dev.parsec.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every where operator, run through the REST API against PostgreSQL on one data set. The cases
 * live in query-cases.json so that other matchers (LiveQuery's, in memory) run the same table.
 */
@DisplayName("Queries: every operator finds exactly the objects it should")
class QueryOperatorsTest {

  private static Node node;
  private static Api master;
  private static final Map<String, String> ids = new HashMap<>();

  @BeforeAll
  static void seed() {
    node = TestNodes.start(TestNodes.settings(TestDatabases.fresh()));
    master = Api.at(node.config().port()).asMaster();
    ids.put("@ann", create("Person", new JsonObject().put("name", "ann").put("age", 30).put("city", "paris").put("favorite", "carrot")));
    ids.put("@bob", create("Person", new JsonObject().put("name", "bob").put("age", 40).put("city", "oslo").put("favorite", "banana")));
    create("Item", item("apple", 1, true, "2024-01-01", List.of("red", "fruit"), "red", 3, "@ann", 48.85, 2.35, "the quick brown fox")
        .put("area", new JsonObject().put("__type", "Polygon").put("coordinates", new JsonArray()
            .add(new JsonArray().add(0).add(0)).add(new JsonArray().add(0).add(1))
            .add(new JsonArray().add(1).add(1)).add(new JsonArray().add(1).add(0)))));
    create("Item", item("banana", 2, false, "2024-02-01", List.of("yellow", "fruit"), "yellow", 5, "@bob", 59.91, 10.75, "lazy dogs sleep"));
    create("Item", item("carrot", 3, true, "2024-03-01", List.of("orange", "vegetable"), "orange", 2, "@ann", 51.5, -0.12, "quick carrots grow"));
    create("Item", new JsonObject().put("name", "date").put("n", 4).put("tags", new JsonArray()));
    create("Item", item("Eggplant", 5.5, false, "2024-05-01", List.of("purple", "vegetable", "fruit"), "purple", 4, "@bob", null, null, null));
    JsonArray liked = new JsonArray();
    for (Object item : master.get("/parse/classes/Item", Map.of("where", "{\"name\":{\"$in\":[\"apple\",\"carrot\"]}}")).json().getJsonArray("results")) {
      liked.add(new JsonObject().put("__type", "Pointer").put("className", "Item").put("objectId", ((JsonObject) item).getString("objectId")));
    }
    Api.Response related = master.put("/parse/classes/Person/" + ids.get("@ann"),
        new JsonObject().put("likes", new JsonObject().put("__op", "AddRelation").put("objects", liked)));
    assertEquals(200, related.status(), related.text());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static JsonArray cases() throws IOException {
    String text;
    try (InputStream in = QueryOperatorsTest.class.getResourceAsStream("/query-cases.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> id : ids.entrySet()) {
      text = text.replace(id.getKey(), id.getValue());
    }
    return new JsonArray(text);
  }

  @TestFactory
  @DisplayName("LiveQuery's in-memory matcher agrees with the SQL on every case it can decide alone")
  Stream<DynamicTest> inMemoryMatcherAgrees() throws IOException {
    JsonArray items = master.get("/parse/classes/Item", Map.of("limit", "1000")).json().getJsonArray("results");
    List<DynamicTest> tests = new ArrayList<>();
    for (Object c : cases()) {
      JsonObject testCase = (JsonObject) c;
      JsonObject where = testCase.getJsonObject("where");
      if (dev.parsec.livequery.QueryMatcher.needsDatabase(where)) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest("in memory: " + testCase.getString("case"), () -> {
        List<String> names = new ArrayList<>();
        for (Object item : items) {
          if (dev.parsec.livequery.QueryMatcher.matches((JsonObject) item, where)) {
            names.add(((JsonObject) item).getString("name"));
          }
        }
        names.sort(String.CASE_INSENSITIVE_ORDER);
        assertEquals(testCase.getJsonArray("expect").getList(), names);
      }));
    }
    assertTrue(tests.size() >= 40, "most cases need no database");
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyOperator() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Object c : cases()) {
      JsonObject testCase = (JsonObject) c;
      tests.add(DynamicTest.dynamicTest(testCase.getString("case"), () -> {
        Api.Response found = master.get("/parse/classes/Item", Map.of("where", testCase.getJsonObject("where").encode()));
        assertEquals(200, found.status(), found.text());
        List<String> names = new ArrayList<>();
        found.json().getJsonArray("results").forEach(o -> names.add(((JsonObject) o).getString("name")));
        names.sort(String.CASE_INSENSITIVE_ORDER);
        assertEquals(testCase.getJsonArray("expect").getList(), names);
      }));
    }
    return tests.stream();
  }

  @Test
  @DisplayName("$nearSphere orders results from nearest to farthest")
  void nearSphereOrdersByDistance() {
    JsonArray results = master.get("/parse/classes/Item", Map.of("where",
        "{\"loc\":{\"$nearSphere\":{\"__type\":\"GeoPoint\",\"latitude\":60,\"longitude\":10}}}")).json().getJsonArray("results");
    assertEquals(List.of("banana", "carrot", "apple"), names(results));
  }

  @Test
  @DisplayName("include replaces pointers by their objects, in one query, nested paths too")
  void includeJoinsPointers() {
    String authorId = create("Author", new JsonObject().put("name", "Ann Author").put("mentor",
        new JsonObject().put("__type", "Pointer").put("className", "Person").put("objectId", ids.get("@bob"))));
    create("Book", new JsonObject().put("title", "Parsec").put("author",
        new JsonObject().put("__type", "Pointer").put("className", "Author").put("objectId", authorId)));
    create("Book", new JsonObject().put("title", "Orphan"));

    JsonArray books = master.get("/parse/classes/Book", Map.of("include", "author.mentor", "order", "title"))
        .json().getJsonArray("results");
    assertNull(books.getJsonObject(0).getValue("author"), "an unset pointer stays unset");
    JsonObject author = books.getJsonObject(1).getJsonObject("author");
    assertEquals("Object", author.getString("__type"));
    assertEquals("Author", author.getString("className"));
    assertEquals("Ann Author", author.getString("name"));
    JsonObject mentor = author.getJsonObject("mentor");
    assertEquals("bob", mentor.getString("name"));
    assertEquals(40, mentor.getInteger("age"));

    JsonArray plain = master.get("/parse/classes/Book", Map.of("where", "{\"title\":\"Parsec\"}")).json().getJsonArray("results");
    assertEquals("Pointer", plain.getJsonObject(0).getJsonObject("author").getString("__type"));

    JsonArray all = master.get("/parse/classes/Book", Map.of("include", "*", "where", "{\"title\":\"Parsec\"}")).json().getJsonArray("results");
    assertEquals("Ann Author", all.getJsonObject(0).getJsonObject("author").getString("name"));
  }

  @Test
  @DisplayName("include expands pointers inside an array, whatever classes they point into, in their order")
  void includeArrayOfPointers() {
    JsonArray items = master.get("/parse/classes/Item", Map.of("where", "{\"name\":{\"$in\":[\"apple\",\"carrot\"]}}", "order", "name"))
        .json().getJsonArray("results");
    JsonArray mixed = new JsonArray()
        .add(new JsonObject().put("__type", "Pointer").put("className", "Item").put("objectId", items.getJsonObject(1).getString("objectId")))
        .add(new JsonObject().put("__type", "Pointer").put("className", "Person").put("objectId", ids.get("@ann")))
        .add(new JsonObject().put("__type", "Pointer").put("className", "Item").put("objectId", "gone000000"))
        .add(new JsonObject().put("__type", "Pointer").put("className", "Item").put("objectId", items.getJsonObject(0).getString("objectId")))
        .add("not a pointer");
    String id = create("Playlist", new JsonObject().put("name", "mix").put("songs", mixed));
    JsonArray songs = master.get("/parse/classes/Playlist/" + id, Map.of("include", "songs")).json().getJsonArray("songs");
    assertEquals("carrot", songs.getJsonObject(0).getString("name"));
    assertEquals("Object", songs.getJsonObject(0).getString("__type"));
    assertEquals("ann", songs.getJsonObject(1).getString("name"));
    assertEquals("Pointer", songs.getJsonObject(2).getString("__type"), "a pointer to nothing stays a pointer");
    assertEquals("apple", songs.getJsonObject(3).getString("name"));
    assertEquals("not a pointer", songs.getString(4));
    JsonArray plain = master.get("/parse/classes/Playlist/" + id).json().getJsonArray("songs");
    assertEquals("Pointer", plain.getJsonObject(0).getString("__type"));
  }

  @Test
  @DisplayName("keys and excludeKeys choose the fields returned; system fields always come")
  void keysAndExcludeKeys() {
    JsonObject apple = master.get("/parse/classes/Item", Map.of("where", "{\"name\":\"apple\"}", "keys", "name,n"))
        .json().getJsonArray("results").getJsonObject(0);
    assertEquals(List.of("n", "name", "objectId", "createdAt", "updatedAt").stream().sorted().toList(),
        apple.fieldNames().stream().sorted().toList());
    JsonObject without = master.get("/parse/classes/Item", Map.of("where", "{\"name\":\"apple\"}", "excludeKeys", "tags,meta"))
        .json().getJsonArray("results").getJsonObject(0);
    assertFalse(without.containsKey("tags"));
    assertFalse(without.containsKey("meta"));
    assertTrue(without.containsKey("loc"));
  }

  @Test
  @DisplayName("order on several keys, limit, skip and an exact count")
  void orderLimitSkipCount() {
    JsonObject page = master.get("/parse/classes/Item", Map.of("order", "-flag,n", "limit", "2", "skip", "1", "count", "1")).json();
    assertEquals(5, page.getInteger("count"));
    // -flag puts NULL first (PostgreSQL orders NULL above true in DESC), then true (apple 1, carrot 3), then false
    assertEquals(List.of("apple", "carrot"), names(page.getJsonArray("results")));
    JsonObject onlyCount = master.get("/parse/classes/Item", Map.of("where", "{\"flag\":false}", "count", "1", "limit", "0")).json();
    assertEquals(2, onlyCount.getInteger("count"));
    assertTrue(onlyCount.getJsonArray("results").isEmpty());
  }

  @Test
  @DisplayName("relations: AddRelation and RemoveRelation change what $relatedTo finds, and objects show the relation")
  void relationOperations() {
    JsonObject ann = master.get("/parse/classes/Person/" + ids.get("@ann")).json();
    assertEquals(new JsonObject().put("__type", "Relation").put("className", "Item"), ann.getJsonObject("likes"));
    String appleId = master.get("/parse/classes/Item", Map.of("where", "{\"name\":\"apple\"}")).json()
        .getJsonArray("results").getJsonObject(0).getString("objectId");
    String bobId = create("Person", new JsonObject().put("name", "carl").put("likes", new JsonObject().put("__op", "AddRelation")
        .put("objects", new JsonArray().add(new JsonObject().put("__type", "Pointer").put("className", "Item").put("objectId", appleId)))));
    String related = "{\"$relatedTo\":{\"object\":{\"__type\":\"Pointer\",\"className\":\"Person\",\"objectId\":\"" + bobId + "\"},\"key\":\"likes\"}}";
    assertEquals(List.of("apple"), names(master.get("/parse/classes/Item", Map.of("where", related)).json().getJsonArray("results")));
    master.put("/parse/classes/Person/" + bobId, new JsonObject().put("likes", new JsonObject().put("__op", "RemoveRelation")
        .put("objects", new JsonArray().add(new JsonObject().put("__type", "Pointer").put("className", "Item").put("objectId", appleId)))));
    assertTrue(master.get("/parse/classes/Item", Map.of("where", related)).json().getJsonArray("results").isEmpty());
    JsonArray likers = master.get("/parse/classes/Person", Map.of("where",
        "{\"likes\":{\"__type\":\"Pointer\",\"className\":\"Item\",\"objectId\":\"" + appleId + "\"}}")).json().getJsonArray("results");
    assertEquals(List.of("ann"), names(likers));
  }

  @Test
  @DisplayName("malformed queries get 400 with Parse's codes and never a 500")
  void malformedQueries() {
    Map<String, Integer> bad = Map.of(
        "{\"n\":{\"$bogus\":1}}", 102,
        "{\"$where\":\"1\"}", 102,
        "{\"n\":{\"$in\":5}}", 107,
        "{\"name\":{\"$regex\":5}}", 102,
        "{\"$or\":{}}", 102,
        "{\"bad-field\":1}", 105,
        "{\"n\":\"a string\"}", 111,
        "{\"text\":{\"$text\":{\"$search\":{\"$term\":\"x\",\"$language\":\"klingon\"}}}}", 107);
    bad.forEach((where, code) -> {
      Api.Response r = master.get("/parse/classes/Item", Map.of("where", where));
      assertEquals(400, r.status(), where + " -> " + r);
      assertEquals(code, r.json().getInteger("code"), where + " -> " + r);
    });
    assertEquals(107, master.get("/parse/classes/Item", Map.of("where", "{not json")).json().getInteger("code"));
    assertEquals(102, master.get("/parse/classes/Item", Map.of("limit", "-1")).json().getInteger("code"));
  }

  @Test
  @DisplayName("distinct and aggregate pipelines answer the master key, and only the master key")
  void distinctAndAggregate() {
    JsonArray flags = master.get("/parse/aggregate/Item", Map.of("distinct", "flag", "where", "{\"n\":{\"$gt\":1}}"))
        .json().getJsonArray("results");
    assertEquals(List.of(false, true), flags.stream().sorted().toList());
    JsonArray colors = master.get("/parse/aggregate/Item", Map.of("distinct", "meta.color")).json().getJsonArray("results");
    assertEquals(List.of("orange", "purple", "red", "yellow"), colors.stream().map(String::valueOf).sorted().toList());

    JsonArray groups = master.get("/parse/aggregate/Item", Map.of("pipeline",
        "[{\"$match\":{\"n\":{\"$gte\":2}}},{\"$group\":{\"_id\":\"$flag\",\"total\":{\"$sum\":\"$n\"},\"count\":{\"$sum\":1}}},{\"$sort\":{\"total\":-1}}]"))
        .json().getJsonArray("results");
    assertEquals(new JsonArray()
        .add(new JsonObject().put("objectId", false).put("total", 7.5).put("count", 2))
        .add(new JsonObject().putNull("objectId").put("total", 4).put("count", 1))
        .add(new JsonObject().put("objectId", true).put("total", 3).put("count", 1)), groups);

    JsonArray counted = master.get("/parse/aggregate/Item", Map.of("pipeline",
        "[{\"$match\":{\"flag\":true}},{\"$count\":\"howMany\"}]")).json().getJsonArray("results");
    assertEquals(new JsonArray().add(new JsonObject().put("howMany", 2)), counted);

    Api.Response refused = Api.at(node.config().port()).get("/parse/aggregate/Item", Map.of("distinct", "flag"));
    assertEquals(403, refused.status());
    assertEquals(400, master.get("/parse/aggregate/Item", Map.of("pipeline", "[{\"$lookup\":{}}]")).status());
  }

  private static List<String> names(JsonArray results) {
    List<String> names = new ArrayList<>();
    results.forEach(o -> names.add(((JsonObject) o).getString("name", ((JsonObject) o).getString("title"))));
    return names;
  }

  private static JsonObject item(String name, double n, boolean flag, String date, List<String> tags, String color, int size,
                                 String owner, Double lat, Double lng, String text) {
    JsonObject item = new JsonObject().put("name", name).put("n", n).put("flag", flag)
        .put("when", new JsonObject().put("__type", "Date").put("iso", date + "T00:00:00.000Z"))
        .put("tags", new JsonArray(tags)).put("meta", new JsonObject().put("color", color).put("size", size))
        .put("owner", new JsonObject().put("__type", "Pointer").put("className", "Person").put("objectId", ids.get(owner)));
    if (lat != null) {
      item.put("loc", new JsonObject().put("__type", "GeoPoint").put("latitude", lat).put("longitude", lng));
    }
    if (text != null) {
      item.put("text", text);
    }
    return item;
  }

  private static String create(String className, JsonObject fields) {
    Api.Response created = master.post("/parse/classes/" + className, fields);
    assertEquals(201, created.status(), created.text());
    return created.json().getString("objectId");
  }
}
