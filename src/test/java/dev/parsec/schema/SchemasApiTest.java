package dev.parsec.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.Api.Response;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("/schemas: classes listed, created, changed and dropped with the master key, as Parse Server does it")
class SchemasApiTest {

  private static final JsonObject OPEN = new JsonObject()
      .put("find", new JsonObject().put("*", true)).put("count", new JsonObject().put("*", true))
      .put("get", new JsonObject().put("*", true)).put("create", new JsonObject().put("*", true))
      .put("update", new JsonObject().put("*", true)).put("delete", new JsonObject().put("*", true))
      .put("addField", new JsonObject().put("*", true))
      .put("protectedFields", new JsonObject().put("*", new JsonArray()));

  private static Node node;
  private static DatabaseUrl database;
  private static Api client;
  private static Api master;

  @BeforeAll
  static void startNode() {
    database = TestDatabases.fresh();
    node = TestNodes.start(TestNodes.settings(database));
    client = Api.at(node.config().port());
    master = client.asMaster();
  }

  @AfterAll
  static void stopNode() {
    node.stop();
  }

  private static JsonObject type(String type) {
    return new JsonObject().put("type", type);
  }

  private static JsonObject type(String type, String targetClass) {
    return type(type).put("targetClass", targetClass);
  }

  private static JsonObject fieldsWithDefaults(JsonObject custom) {
    return new JsonObject().put("objectId", type("String")).put("createdAt", type("Date"))
        .put("updatedAt", type("Date")).put("ACL", type("ACL")).mergeIn(custom);
  }

  private static long sql(String query) {
    return TestDatabases.count(database, query);
  }

  private static boolean tableExists(String table) {
    return sql("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'") == 1;
  }

  private static boolean columnExists(String table, String column) {
    return sql("SELECT count(*) FROM information_schema.columns WHERE table_name = '" + table
        + "' AND column_name = '" + column + "'") == 1;
  }

  private static void assertError(Response response, int code, String message) {
    assertEquals(400, response.status(), response.text());
    assertEquals(new JsonObject().put("code", code).put("error", message), response.json());
  }

  private static String createObject(String className, JsonObject fields) {
    Response created = master.post("/parse/classes/" + className, fields);
    assertEquals(201, created.status(), created.text());
    return created.json().getString("objectId");
  }

  @Test
  @DisplayName("a class created with fields and an index is answered as Parse shows it, listed, and exists in PostgreSQL")
  void createdClassIsListedWithItsIndex() {
    JsonObject fields = new JsonObject().put("score", type("Number")).put("player", type("String"))
        .put("rival", type("Pointer", "Player")).put("fans", type("Relation", "Player"))
        .put("where", type("GeoPoint"));
    JsonObject indexes = new JsonObject().put("score_-1", new JsonObject().put("score", -1))
        .put("player_score", new JsonObject().put("player", 1).put("score", 1));
    Response created = master.post("/parse/schemas", new JsonObject().put("className", "Game")
        .put("fields", fields).put("indexes", indexes));
    assertEquals(200, created.status(), created.text());
    JsonObject expected = new JsonObject().put("className", "Game").put("fields", fieldsWithDefaults(fields))
        .put("classLevelPermissions", OPEN)
        .put("indexes", new JsonObject().put("_id_", new JsonObject().put("_id", 1)).mergeIn(indexes));
    assertEquals(expected, created.json());
    assertEquals(expected, master.get("/parse/schemas/Game").json());

    JsonArray listed = master.get("/parse/schemas").json().getJsonArray("results");
    assertEquals(List.of(expected), listed.stream().map(JsonObject.class::cast)
        .filter(schema -> schema.getString("className").equals("Game")).toList());
    assertEquals(List.of("player", "score"), List.copyOf(master.get("/parse/schemas/Game").json()
        .getJsonObject("indexes").getJsonObject("player_score").fieldNames()), "a compound index keeps its key order");

    assertEquals(1, sql("SELECT count(*) FROM pg_indexes WHERE tablename = 'Game' AND indexname = 'score_-1'"
        + " AND indexdef LIKE '%USING btree (score DESC)'"));
    assertEquals(1, sql("SELECT count(*) FROM pg_indexes WHERE tablename = 'Game' AND indexname = 'player_score'"
        + " AND indexdef LIKE '%USING btree (player, score)'"));
    assertEquals(1, sql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'Game'"
        + " AND column_name = 'score' AND data_type = 'double precision'"));
    assertTrue(columnExists("Game", "rival"));
    assertFalse(columnExists("Game", "fans"), "a Relation has no column");
    assertTrue(tableExists("_Join:fans:Game"));
    assertEquals(2, sql("SELECT count(*) FROM information_schema.key_column_usage"
        + " WHERE table_name = '_Join:fans:Game' AND column_name IN ('relatedId', 'owningId')"));

    String id = createObject("Game", new JsonObject().put("score", 7).put("player", "ada"));
    assertEquals(7, client.get("/parse/classes/Game/" + id).json().getInteger("score"));
  }

  @Test
  @DisplayName("a class without indexes is answered without an indexes key, and a missing class is code 103")
  void plainClassAndMissingClass() {
    Response created = master.post("/parse/schemas/Plain", new JsonObject().put("indexes", new JsonObject()));
    assertEquals(new JsonObject().put("className", "Plain").put("fields", fieldsWithDefaults(new JsonObject()))
        .put("classLevelPermissions", OPEN), created.json());
    assertError(master.get("/parse/schemas/Nope"), 103, "Class Nope does not exist.");
    assertError(master.get("/parse/schemas/PLAIN"), 103, "Class PLAIN does not exist.");
    assertError(master.get("/parse/schemas/Bad-Name"), 103, "Class Bad-Name does not exist.");
  }

  @Test
  @DisplayName("creating a class that exists, with mismatching or missing class names, gets Parse's errors")
  void creationErrors() {
    assertEquals(200, master.post("/parse/schemas", new JsonObject().put("className", "Twice")).status());
    assertError(master.post("/parse/schemas", new JsonObject().put("className", "Twice")), 103, "Class Twice already exists.");
    assertError(master.post("/parse/schemas/A", new JsonObject().put("className", "B")), 103, "Class name mismatch between B and A.");
    assertError(master.post("/parse/schemas", new JsonObject()), 135, "POST /schemas needs a class name.");
    assertError(master.put("/parse/schemas/A", new JsonObject().put("className", "B")), 103, "Class name mismatch between B and A.");
    assertError(master.put("/parse/schemas/NoClass", new JsonObject().put("fields",
        new JsonObject().put("a", type("String")))), 103, "Class NoClass does not exist.");
    assertFalse(tableExists("A"));
    assertFalse(tableExists("NoClass"));
  }

  @Test
  @DisplayName("a field added and one deleted: the column is gone from PostgreSQL and from the objects")
  void addAndDeleteField() {
    String id = createObject("Note", new JsonObject().put("title", "hi").put("body", "long text"));
    Response added = master.put("/parse/schemas/Note", new JsonObject().put("fields",
        new JsonObject().put("stars", type("Number").put("required", false).put("defaultValue", 3))));
    assertEquals(200, added.status(), added.text());
    assertEquals(type("Number").put("required", false).put("defaultValue", 3),
        added.json().getJsonObject("fields").getJsonObject("stars"));
    assertTrue(columnExists("Note", "stars"));

    Response deleted = master.put("/parse/schemas/Note", new JsonObject().put("fields",
        new JsonObject().put("body", new JsonObject().put("__op", "Delete"))));
    assertEquals(200, deleted.status(), deleted.text());
    assertEquals(fieldsWithDefaults(new JsonObject().put("title", type("String"))
        .put("stars", type("Number").put("required", false).put("defaultValue", 3))), deleted.json().getJsonObject("fields"));
    assertFalse(columnExists("Note", "body"));
    JsonObject object = client.get("/parse/classes/Note/" + id).json();
    assertEquals("hi", object.getString("title"));
    assertFalse(object.containsKey("body"), object.encode());

    // the field can come back with another type, through an object write
    assertEquals(200, client.put("/parse/classes/Note/" + id, new JsonObject().put("body", 42)).status());
    assertEquals(type("Number"), master.get("/parse/schemas/Note").json().getJsonObject("fields").getJsonObject("body"));

    assertError(master.put("/parse/schemas/Note", new JsonObject().put("fields",
        new JsonObject().put("title", type("Number")))), 255, "Field title exists, cannot update.");
    assertError(master.put("/parse/schemas/Note", new JsonObject().put("fields",
        new JsonObject().put("ghost", new JsonObject().put("__op", "Delete")))), 255, "Field ghost does not exist, cannot delete.");
    assertError(master.put("/parse/schemas/Note", new JsonObject().put("fields",
        new JsonObject().put("createdAt", new JsonObject().put("__op", "Delete")))), 136, "field createdAt cannot be changed");
    Response same = master.put("/parse/schemas/Note", new JsonObject().put("fields", new JsonObject().put("title", type("String"))));
    assertEquals(200, same.status(), "giving a field again with its type changes nothing");
  }

  @Test
  @DisplayName("deleting a Relation field drops its join table")
  void relationFieldDeletionDropsJoinTable() {
    master.post("/parse/schemas/Team", new JsonObject().put("fields",
        new JsonObject().put("members", type("Relation", "Member")).put("name", type("String"))));
    assertTrue(tableExists("_Join:members:Team"));
    Response deleted = master.put("/parse/schemas/Team", new JsonObject().put("fields",
        new JsonObject().put("members", new JsonObject().put("__op", "Delete"))));
    assertEquals(200, deleted.status(), deleted.text());
    assertFalse(tableExists("_Join:members:Team"));
    assertFalse(deleted.json().getJsonObject("fields").containsKey("members"));
  }

  @Test
  @DisplayName("a class with objects is not dropped (code 255); once empty it is, with its join tables and schema row")
  void deleteOnlyEmptyClass() {
    master.post("/parse/schemas/Album", new JsonObject().put("fields", new JsonObject().put("songs", type("Relation", "Song"))));
    String a = createObject("Album", new JsonObject().put("title", "one"));
    createObject("Album", new JsonObject().put("title", "two"));
    assertError(master.delete("/parse/schemas/Album"), 255, "Class Album is not empty, contains 2 objects, cannot drop schema.");
    assertTrue(tableExists("Album"));

    assertEquals(200, client.delete("/parse/classes/Album/" + a).status());
    String b = client.get("/parse/classes/Album").json().getJsonArray("results").getJsonObject(0).getString("objectId");
    assertEquals(200, client.delete("/parse/classes/Album/" + b).status());
    Response dropped = master.delete("/parse/schemas/Album");
    assertEquals(200, dropped.status(), dropped.text());
    assertEquals(new JsonObject(), dropped.json());
    assertFalse(tableExists("Album"));
    assertFalse(tableExists("_Join:songs:Album"));
    assertEquals(0, sql("SELECT count(*) FROM \"_SCHEMA\" WHERE \"className\" = 'Album'"));
    assertError(master.get("/parse/schemas/Album"), 103, "Class Album does not exist.");

    assertEquals(200, master.delete("/parse/schemas/NeverWas").status(), "dropping a class that does not exist is no error");
    assertError(master.delete("/parse/schemas/_GlobalConfig"), 103, Names.invalidClassMessage("_GlobalConfig"));
  }

  @Test
  @DisplayName("without the master key every /schemas call gets 403 and nothing changes")
  void masterKeyRequired() {
    master.post("/parse/schemas/Guarded", new JsonObject().put("fields", new JsonObject().put("secret", type("String"))));
    JsonObject before = master.get("/parse/schemas/Guarded").json();
    JsonObject unauthorized = new JsonObject().put("error", "unauthorized: master key is required");
    List<Response> refused = List.of(
        client.get("/parse/schemas"),
        client.get("/parse/schemas/Guarded"),
        client.post("/parse/schemas", new JsonObject().put("className", "Sneaky")),
        client.post("/parse/schemas/Sneaky", new JsonObject()),
        client.put("/parse/schemas/Guarded", new JsonObject().put("fields",
            new JsonObject().put("secret", new JsonObject().put("__op", "Delete")))),
        client.delete("/parse/schemas/Guarded"),
        client.header("X-Parse-Master-Key", "wrong").get("/parse/schemas"));
    for (Response response : refused) {
      assertEquals(403, response.status(), response.text());
      assertEquals(unauthorized, response.json());
    }
    assertEquals(before, master.get("/parse/schemas/Guarded").json());
    assertTrue(columnExists("Guarded", "secret"));
    assertFalse(tableExists("Sneaky"));
    assertEquals(0, sql("SELECT count(*) FROM \"_SCHEMA\" WHERE \"className\" = 'Sneaky'"));
  }

  @Test
  @DisplayName("bad types, names, permissions and indexes get a 400 with Parse's code, never a 500, and create nothing")
  void badInputIsRefusedCleanly() {
    record Case(JsonObject body, int code, String message) {
    }
    JsonObject defaultValueMismatch = type("Number").put("defaultValue", "three");
    List<Case> cases = List.of(
        new Case(fields("f", type("Text")), 111, "invalid field type: Text"),
        new Case(fields("f", type("ACL")), 111, "invalid field type: ACL"),
        new Case(fields("f", new JsonObject()), 107, "invalid JSON: field f needs a type"),
        new Case(fields("f", new JsonObject().put("__op", "Delete")), 107, "invalid JSON: field f needs a type"),
        new Case(fields("f", "String"), 107, "invalid JSON: field f needs a type"),
        new Case(fields("f", type("Pointer")), 135, "type Pointer needs a class name"),
        new Case(fields("f", type("Relation")), 135, "type Relation needs a class name"),
        new Case(fields("f", type("Pointer").put("targetClass", 5)), 107, "invalid JSON: targetClass of field f must be a string"),
        new Case(fields("f", type("Pointer", "Bad Class")), 103, Names.invalidClassMessage("Bad Class")),
        new Case(fields("bad-name", type("String")), 105, "invalid field name: bad-name"),
        new Case(fields("_hidden", type("String")), 105, "invalid field name: _hidden"),
        new Case(fields("length", type("Number")), 105, "invalid field name: length"),
        new Case(fields("x".repeat(64), type("Number")), 105, "invalid field name: " + "x".repeat(64)),
        new Case(fields("objectId", type("String")), 136, "field objectId cannot be added"),
        new Case(fields("f", defaultValueMismatch), 111, "schema mismatch for Broken.f default value; expected Number but got String"),
        new Case(fields("f", type("Relation", "Other").put("required", true)), 111,
            "The 'required' option is not applicable for Relation<Other>"),
        new Case(fields("f", type("String")).put("fields", "nope"), 107, "invalid JSON: fields must be an object"),
        new Case(new JsonObject().put("classLevelPermissions", new JsonObject().put("dummy", new JsonObject())), 107,
            "dummy is not a valid operation for class level permissions"),
        new Case(new JsonObject().put("classLevelPermissions", new JsonObject().put("find", new JsonObject().put(" *", true))), 107,
            "' *' is not a valid key for class level permissions"),
        new Case(new JsonObject().put("classLevelPermissions", new JsonObject().put("find", new JsonObject().put("*", 1))), 107,
            "'1' is not a valid value for class level permissions find:*:1"),
        new Case(new JsonObject().put("classLevelPermissions", new JsonObject().put("get", true)), 107,
            "'true' is not a valid value for class level permissions get - must be an object"),
        new Case(new JsonObject().put("classLevelPermissions", new JsonObject().put("protectedFields",
            new JsonObject().put("*", new JsonArray().add("ghost")))), 107, "Field 'ghost' in protectedFields:* does not exist"),
        new Case(fields("f", type("String")).put("indexes", new JsonObject().put("i", new JsonObject().put("g", 1))), 102,
            "Field g does not exist, cannot add index."),
        new Case(fields("f", type("Number")).put("indexes", new JsonObject().put("i", new JsonObject().put("f", "text"))), 102,
            "Field f is a Number; a text index needs String fields."),
        new Case(fields("f", type("String")).put("indexes", new JsonObject().put("i", new JsonObject().put("f", 2))), 102,
            "Index i has f: 2; use 1 or -1, \"text\" for a String or \"2dsphere\" for a GeoPoint or Polygon."),
        new Case(fields("f", type("String")).put("indexes", new JsonObject().put("bad name", new JsonObject().put("f", 1))), 102,
            "Invalid index name: bad name. Index names can have up to 63 letters, digits, _ and -."));
    for (Case c : cases) {
      Response response = master.post("/parse/schemas/Broken", c.body());
      assertEquals(400, response.status(), c.body().encode() + " -> " + response.text());
      assertEquals(new JsonObject().put("code", c.code()).put("error", c.message()), response.json(), c.body().encode());
    }
    assertFalse(tableExists("Broken"));
    assertError(master.post("/parse/schemas/Bad-Name", new JsonObject()), 103, Names.invalidClassMessage("Bad-Name"));
    assertError(master.post("/parse/schemas/_Installation", new JsonObject()), 103, "Class _Installation already exists.");
    assertError(master.post("/parse/schemas/_Role", new JsonObject()), 103, "Class _Role already exists.");
    assertError(master.post("/parse/schemas/_User", new JsonObject()), 103, "Class _User already exists.");
    assertError(master.post("/parse/schemas/" + "C".repeat(64), new JsonObject()), 103, Names.invalidClassMessage("C".repeat(64)));
    Response longJoin = master.post("/parse/schemas/" + "C".repeat(40), fields("f" + "x".repeat(20), type("Relation", "Other")));
    assertEquals(105, longJoin.json().getInteger("code"), longJoin.text());
    assertEquals(0, sql("SELECT count(*) FROM \"_SCHEMA\" WHERE \"className\" IN ('Broken', '" + "C".repeat(40) + "')"));
    JsonObject tooMany = new JsonObject();
    for (int i = 0; i < 1600; i++) {
      tooMany.put("f" + i, type("Boolean"));
    }
    assertError(master.post("/parse/schemas/Wide", new JsonObject().put("fields", tooMany)), 255,
        "The class cannot take more fields: PostgreSQL allows 1600 columns in a table over its life, deleted fields included.");
    assertFalse(tableExists("Wide"));

    // a refused change of an existing class leaves it as it was, even when its first part was fine
    master.post("/parse/schemas/Kept", fields("a", type("String")));
    JsonObject before = master.get("/parse/schemas/Kept").json();
    Response refused = master.put("/parse/schemas/Kept", new JsonObject()
        .put("fields", new JsonObject().put("a", new JsonObject().put("__op", "Delete")).put("b", type("String")))
        .put("indexes", new JsonObject().put("i", new JsonObject().put("zzz", 1))));
    assertError(refused, 102, "Field zzz does not exist, cannot add index.");
    assertEquals(before, master.get("/parse/schemas/Kept").json());
    assertTrue(columnExists("Kept", "a"));
    assertFalse(columnExists("Kept", "b"));
  }

  private static JsonObject fields(String name, Object definition) {
    return new JsonObject().put("fields", new JsonObject().put(name, definition));
  }

  @Test
  @DisplayName("class-level permissions are stored and answered with every operation present, and null restores the defaults")
  void classLevelPermissions() {
    JsonObject given = new JsonObject().put("find", new JsonObject().put("*", true))
        .put("create", new JsonObject().put("role:admin", true));
    master.post("/parse/schemas/Locked", new JsonObject().put("classLevelPermissions", given)
        .put("fields", new JsonObject().put("owner", type("Pointer", "_User")).put("secret", type("String"))));
    JsonObject expected = new JsonObject().put("find", new JsonObject().put("*", true))
        .put("create", new JsonObject().put("role:admin", true)).put("get", new JsonObject())
        .put("count", new JsonObject()).put("update", new JsonObject()).put("delete", new JsonObject())
        .put("addField", new JsonObject()).put("protectedFields", new JsonObject());
    assertEquals(expected, master.get("/parse/schemas/Locked").json().getJsonObject("classLevelPermissions"));

    JsonObject changed = new JsonObject().put("get", new JsonObject().put("requiresAuthentication", true)
            .put("pointerFields", new JsonArray().add("owner")))
        .put("readUserFields", new JsonArray().add("owner"))
        .put("protectedFields", new JsonObject().put("*", new JsonArray().add("secret")));
    Response put = master.put("/parse/schemas/Locked", new JsonObject().put("classLevelPermissions", changed));
    assertEquals(200, put.status(), put.text());
    assertEquals(changed.getJsonObject("get"), put.json().getJsonObject("classLevelPermissions").getJsonObject("get"));
    assertEquals(new JsonObject(), put.json().getJsonObject("classLevelPermissions").getJsonObject("find"));

    assertError(master.put("/parse/schemas/Locked", new JsonObject().put("classLevelPermissions",
            new JsonObject().put("get", new JsonObject().put("pointerFields", new JsonArray().add("secret"))))),
        107, "'secret' is not a valid column for class level pointer permissions get");
    Response reset = master.put("/parse/schemas/Locked", new JsonObject().putNull("classLevelPermissions"));
    assertEquals(OPEN, reset.json().getJsonObject("classLevelPermissions"));
  }

  @Test
  @DisplayName("indexes are added and deleted with PUT as Parse does, text indexes serve $text, and names never collide")
  void indexManagement() {
    master.post("/parse/schemas/Post", fields("title", type("String")));
    Response added = master.put("/parse/schemas/Post", new JsonObject()
        .put("fields", new JsonObject().put("body", type("String")).put("place", type("GeoPoint")))
        .put("indexes", new JsonObject().put("post_title", new JsonObject().put("title", 1))
            .put("post_text", new JsonObject().put("title", "text").put("body", "text"))
            .put("post_place", new JsonObject().put("place", "2dsphere"))
            .put("post_created", new JsonObject().put("createdAt", -1))));
    assertEquals(200, added.status(), added.text());
    assertEquals(Set.of("_id_", "post_title", "post_text", "post_place", "post_created"),
        added.json().getJsonObject("indexes").fieldNames());
    assertEquals(1, sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'post_text' AND indexdef LIKE"
        + " '%USING gin (to_tsvector(''english''::regconfig, title), to_tsvector(''english''::regconfig, body))'"));
    assertEquals(1, sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'post_place' AND indexdef LIKE '%USING gist (place)'"));
    assertEquals(5, sql("SELECT count(*) FROM pg_indexes WHERE tablename = 'Post'"), "four and the primary key");

    assertError(master.put("/parse/schemas/Post", new JsonObject().put("indexes",
        new JsonObject().put("post_title", new JsonObject().put("body", 1)))), 102, "Index post_title exists, cannot update.");
    assertError(master.put("/parse/schemas/Post", new JsonObject().put("indexes",
        new JsonObject().put("nope", new JsonObject().put("__op", "Delete")))), 102, "Index nope does not exist, cannot delete.");
    assertError(master.put("/parse/schemas/Post", new JsonObject().put("indexes",
        new JsonObject().put("_id_", new JsonObject().put("__op", "Delete")))), 102, "Index _id_ is the primary key and cannot be deleted.");

    master.post("/parse/schemas/Other", fields("title", type("String")));
    assertError(master.put("/parse/schemas/Other", new JsonObject().put("indexes",
            new JsonObject().put("post_title", new JsonObject().put("title", 1)))), 102,
        "Index post_title cannot be created: a table or index of that name exists already.");
    assertError(master.put("/parse/schemas/Other", new JsonObject().put("indexes",
            new JsonObject().put("Post", new JsonObject().put("title", 1)))), 102,
        "Index Post cannot be created: a table or index of that name exists already.");

    Response deleted = master.put("/parse/schemas/Post", new JsonObject().put("indexes",
        new JsonObject().put("post_title", new JsonObject().put("__op", "Delete"))));
    assertEquals(Set.of("_id_", "post_text", "post_place", "post_created"),
        deleted.json().getJsonObject("indexes").fieldNames());
    assertEquals(0, sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'post_title'"));

    // PostgreSQL drops an index with a column it covers; the schema follows
    Response fieldGone = master.put("/parse/schemas/Post", fields("body", new JsonObject().put("__op", "Delete")));
    assertEquals(Set.of("_id_", "post_place", "post_created"), fieldGone.json().getJsonObject("indexes").fieldNames());
    assertEquals(0, sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'post_text'"));

    // an object write that adds a field keeps the indexes
    createObject("Post", new JsonObject().put("title", "t").put("rating", 5));
    assertEquals(Set.of("_id_", "post_place", "post_created"),
        master.get("/parse/schemas/Post").json().getJsonObject("indexes").fieldNames());
  }

  @Test
  @DisplayName("the JS SDK's form works: POST text/plain with _method and _MasterKey in the body")
  void javascriptSdkWireFormat() {
    Api bare = Api.at(node.config().port()).header("X-Parse-Application-Id", null);
    JsonObject keys = new JsonObject().put("_ApplicationId", TestNodes.APP_ID).put("_MasterKey", TestNodes.MASTER_KEY);
    Response saved = bare.postRaw("/parse/schemas/SdkClass", keys.copy().put("className", "SdkClass")
        .put("fields", new JsonObject().put("name", type("String"))).put("indexes", new JsonObject()).encode(), "text/plain");
    assertEquals(200, saved.status(), saved.text());
    Response updated = bare.postRaw("/parse/schemas/SdkClass", keys.copy().put("_method", "PUT").put("className", "SdkClass")
        .put("fields", new JsonObject().put("age", type("Number"))).encode(), "text/plain");
    assertEquals(200, updated.status(), updated.text());
    Response all = bare.postRaw("/parse/schemas", keys.copy().put("_method", "GET").encode(), "text/plain");
    assertTrue(all.json().getJsonArray("results").stream()
        .anyMatch(s -> ((JsonObject) s).getString("className").equals("SdkClass")), all.text());
    Response dropped = bare.postRaw("/parse/schemas/SdkClass", keys.copy().put("_method", "DELETE").encode(), "text/plain");
    assertEquals(200, dropped.status(), dropped.text());
    assertFalse(tableExists("SdkClass"));
  }
  @Test
  @DisplayName("concurrent changes of one class all land, and one index name wanted by several classes goes to one, never a 500")
  void concurrentChanges() {
    master.post("/parse/schemas/Busy", new JsonObject());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Response>> adds = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String field = "f" + i;
        adds.add(CompletableFuture.supplyAsync(() -> master.put("/parse/schemas/Busy", fields(field, type("Number"))), pool));
      }
      adds.forEach(add -> assertEquals(200, add.join().status(), add.join().text()));
      JsonObject busy = master.get("/parse/schemas/Busy").json().getJsonObject("fields");
      for (int i = 0; i < 8; i++) {
        assertTrue(busy.containsKey("f" + i), busy.encode());
        assertTrue(columnExists("Busy", "f" + i));
      }

      List<CompletableFuture<Response>> claims = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String className = "Claim" + i;
        master.post("/parse/schemas/" + className, fields("title", type("String")));
        claims.add(CompletableFuture.supplyAsync(() -> master.put("/parse/schemas/" + className, new JsonObject()
            .put("indexes", new JsonObject().put("shared_title", new JsonObject().put("title", 1)))), pool));
      }
      List<Response> answers = claims.stream().map(CompletableFuture::join).toList();
      assertEquals(1, answers.stream().filter(r -> r.status() == 200).count(), answers.toString());
      answers.stream().filter(r -> r.status() != 200).forEach(r -> {
        assertEquals(400, r.status(), r.text());
        assertEquals(102, r.json().getInteger("code"), r.text());
      });
      assertEquals(1, sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'shared_title'"));
    } finally {
      pool.shutdown();
    }
  }
}
