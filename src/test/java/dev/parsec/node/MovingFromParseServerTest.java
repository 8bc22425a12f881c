package dev.parsec.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An app moving from Parse Server: Parsec started on the database Parse Server 9.10 left (a pg_dump of
 * it, made by signing up two users, adding a role and saving objects and config through Parse Server's
 * REST API) serves the same users, sessions, ACLs and objects. The dump was made by pg_dump 15, with one
 * change: the parameter json of json_object_set_key is quoted, as pg_dump 17 writes it (json is a
 * keyword since PostgreSQL 17, and the embedded server is 17).
 */
@DisplayName("Moving from Parse Server: Parsec starts on Parse Server's database and serves what it holds")
class MovingFromParseServerTest {

  private static final String ALICE = "tmAfqeiBGO";
  private static final String ALICE_TOKEN = "r:69b0115d91dfa5ef6b07428d96eec46e";

  private static DatabaseUrl database;
  private static Map<String, String> settings;
  private static Node node;

  @BeforeAll
  static void startOnParseServersDatabase() throws IOException {
    database = TestDatabases.fresh();
    try (InputStream dump = MovingFromParseServerTest.class.getResourceAsStream("/parse-server/parse-server-9.10-dump.sql")) {
      TestDatabases.execute(database, new String(dump.readAllBytes(), StandardCharsets.UTF_8));
    }
    settings = TestNodes.settings(database);
    node = TestNodes.start(settings);
    Api.at(node.config().port()).awaitReady();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  @DisplayName("users log in with the passwords Parse Server hashed, and its session tokens stay valid")
  void usersAndSessions() {
    Api anonymous = Api.at(node.config().port());
    for (int attempt = 0; attempt < 2; attempt++) { // the second login checks the Argon2id rehash
      Api.Response login = anonymous.post("/parse/login", new JsonObject().put("username", "alice").put("password", "alice-secret-1"));
      assertEquals(200, login.status(), login.text());
      assertEquals(ALICE, login.json().getString("objectId"));
      assertEquals("Al", login.json().getString("nickname"));
    }
    assertTrue(TestDatabases.count(database, "SELECT count(*) FROM \"_User\" WHERE username = 'alice' AND \"_hashed_password\" LIKE '$argon2id$%'") == 1);
    assertEquals(101, anonymous.post("/parse/login", new JsonObject().put("username", "bob").put("password", "wrong")).json().getInteger("code"));
    Api.Response me = anonymous.header("X-Parse-Session-Token", ALICE_TOKEN).get("/parse/users/me");
    assertEquals(200, me.status(), me.text());
    assertEquals("alice", me.json().getString("username"));
  }

  @Test
  @DisplayName("objects keep their types, and ACLs and roles from Parse Server still decide who reads them")
  void objectsAclsAndRoles() {
    Api anonymous = Api.at(node.config().port());
    JsonArray publicScores = anonymous.get("/parse/classes/GameScore").json().getJsonArray("results");
    assertEquals(List.of("public"), players(publicScores));
    JsonObject score = publicScores.getJsonObject(0);
    assertEquals(new JsonArray().add("a").add("b"), score.getJsonArray("tags"));
    assertEquals("2026-01-02T03:04:05.000Z", score.getJsonObject("when").getString("iso"));
    assertEquals(40.0, score.getJsonObject("where").getDouble("latitude"));

    Api alice = Api.at(node.config().port()).header("X-Parse-Session-Token", ALICE_TOKEN);
    assertEquals(Set.of("alice", "public", "admins-only"), Set.copyOf(players(alice.get("/parse/classes/GameScore").json().getJsonArray("results"))),
        "alice owns one and reads another through the Admins role Parse Server stored");
    assertEquals("hello from parse", anonymous.get("/parse/config").json().getJsonObject("params").getString("motd"));

    Api.Response created = alice.post("/parse/classes/GameScore", new JsonObject().put("score", 40).put("player", "parsec"));
    assertEquals(201, created.status(), created.text());
  }

  @Test
  @DisplayName("a restart finds the database as it left it")
  void restarts() {
    node.stop();
    node = TestNodes.start(settings);
    Api.at(node.config().port()).awaitReady();
    assertEquals(200, Api.at(node.config().port()).post("/parse/login",
        new JsonObject().put("username", "bob").put("password", "bob-secret-2")).status());
  }

  private static List<String> players(JsonArray results) {
    return results.stream().map(o -> ((JsonObject) o).getString("player")).collect(Collectors.toList());
  }
}
