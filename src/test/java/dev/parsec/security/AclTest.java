package dev.parsec.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ACLs: nobody reads or writes an object its ACL does not grant them, on any path")
class AclTest {

  private static Node node;
  private static Api anonymous;
  private static Api master;
  private static String privateId;
  private static String readOnlyId;
  private static String publicId;

  private static JsonObject acl(String who, boolean read, boolean write) {
    JsonObject perms = new JsonObject();
    if (read) {
      perms.put("read", true);
    }
    if (write) {
      perms.put("write", true);
    }
    return new JsonObject().put(who, perms);
  }

  @BeforeAll
  static void seed() {
    node = TestNodes.start(TestNodes.settings(TestDatabases.fresh()));
    anonymous = Api.at(node.config().port());
    master = anonymous.asMaster();
    privateId = create("Secret", new JsonObject().put("name", "private").put("n", 1).put("ACL", acl("someUserId", true, true)));
    readOnlyId = create("Secret", new JsonObject().put("name", "read-only").put("n", 2).put("ACL", acl("*", true, false)));
    publicId = create("Secret", new JsonObject().put("name", "public").put("n", 3));
    create("Holder", new JsonObject().put("name", "holds private").put("secret", pointer(privateId)));
    create("Holder", new JsonObject().put("name", "holds public").put("secret", pointer(publicId)));
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static JsonObject pointer(String id) {
    return new JsonObject().put("__type", "Pointer").put("className", "Secret").put("objectId", id);
  }

  private static String create(String className, JsonObject fields) {
    Api.Response created = master.post("/parse/classes/" + className, fields);
    assertEquals(201, created.status(), created.text());
    return created.json().getString("objectId");
  }

  private static List<String> names(Api api, String className, Map<String, String> query) {
    JsonArray results = api.get("/parse/classes/" + className, query).json().getJsonArray("results");
    return results.stream().map(o -> ((JsonObject) o).getString("name")).sorted().toList();
  }

  @Test
  @DisplayName("an object readable by one user is not found, listed, counted nor matched for anyone else")
  void privateObjectIsInvisible() {
    Api.Response get = anonymous.get("/parse/classes/Secret/" + privateId);
    assertEquals(404, get.status());
    assertEquals(101, get.json().getInteger("code"));
    assertEquals(List.of("public", "read-only"), names(anonymous, "Secret", Map.of()));
    assertEquals(2, anonymous.get("/parse/classes/Secret", Map.of("count", "1", "limit", "0")).json().getInteger("count"));
    assertEquals(List.of(), names(anonymous, "Secret", Map.of("where", "{\"name\":\"private\"}")));
    String viaSubquery = "{\"secret\":{\"$inQuery\":{\"className\":\"Secret\",\"where\":{\"n\":1}}}}";
    assertEquals(List.of(), names(anonymous, "Holder", Map.of("where", viaSubquery)), "sub-queries run under the caller's ACL too");
    assertEquals(List.of("holds private"), names(master, "Holder", Map.of("where", viaSubquery)));
  }

  @Test
  @DisplayName("an include of an object the caller may not read leaves the pointer unexpanded")
  void includeRespectsAcl() {
    JsonArray holders = anonymous.get("/parse/classes/Holder", Map.of("include", "secret", "order", "name")).json().getJsonArray("results");
    JsonObject hidden = holders.getJsonObject(0).getJsonObject("secret");
    assertEquals("Pointer", hidden.getString("__type"));
    assertTrue(!hidden.containsKey("name"), "nothing of the private object leaks");
    assertEquals("public", holders.getJsonObject(1).getJsonObject("secret").getString("name"));
    JsonArray asMaster = master.get("/parse/classes/Holder", Map.of("include", "secret", "order", "name")).json().getJsonArray("results");
    assertEquals("private", asMaster.getJsonObject(0).getJsonObject("secret").getString("name"));
  }

  @Test
  @DisplayName("writing or deleting without write permission answers 101 and changes nothing")
  void writesNeedWritePermission() {
    for (String id : new String[] {privateId, readOnlyId}) {
      Api.Response update = anonymous.put("/parse/classes/Secret/" + id, new JsonObject().put("n", 99));
      assertEquals(404, update.status(), update.text());
      assertEquals(101, update.json().getInteger("code"));
      Api.Response delete = anonymous.delete("/parse/classes/Secret/" + id);
      assertEquals(101, delete.json().getInteger("code"));
    }
    assertEquals(1, master.get("/parse/classes/Secret/" + privateId).json().getInteger("n"));
    assertEquals(2, master.get("/parse/classes/Secret/" + readOnlyId).json().getInteger("n"));
    assertEquals(200, anonymous.put("/parse/classes/Secret/" + publicId, new JsonObject().put("n", 4)).status());
    assertEquals(4, anonymous.get("/parse/classes/Secret/" + publicId).json().getInteger("n"));
  }

  @Test
  @DisplayName("a batch runs each call under the caller's ACL")
  void batchRespectsAcl() {
    JsonObject body = new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("method", "GET").put("path", "/parse/classes/Secret/" + privateId))
        .add(new JsonObject().put("method", "DELETE").put("path", "/parse/classes/Secret/" + privateId)));
    JsonArray answers = new JsonArray(anonymous.post("/parse/batch", body).text());
    assertEquals(101, answers.getJsonObject(0).getJsonObject("error").getInteger("code"));
    assertEquals(101, answers.getJsonObject(1).getJsonObject("error").getInteger("code"));
    assertEquals(200, master.get("/parse/classes/Secret/" + privateId).status());
  }
}
