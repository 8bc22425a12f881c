package dev.parsec.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.LocalSmtpServer;
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

@DisplayName("allow_custom_object_id, default_limit and prevent_signup_with_unverified_email, as in Parse Server")
class ApiOptionsTest {

  private static LocalSmtpServer smtp;
  /** allow_custom_object_id, default_limit 3, emails verified before login, signups refused until then. */
  private static Node options;
  /** Parse Server's defaults, with emails verified before login. */
  private static Node defaults;
  private static Api client;
  private static Api master;
  private static Api plain;

  @BeforeAll
  static void start() {
    smtp = new LocalSmtpServer();
    Map<String, String> mail = Map.of("smtp_host", "127.0.0.1", "smtp_port", String.valueOf(smtp.port()), "smtp_security", "none",
        "verify_user_emails", "true", "prevent_login_with_unverified_email", "true");
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(mail);
    settings.putAll(Map.of("allow_custom_object_id", "true", "default_limit", "3", "prevent_signup_with_unverified_email", "true",
        "allow_client_class_creation", "true"));
    options = TestNodes.startReady(settings);
    Map<String, String> other = TestNodes.settings(TestDatabases.fresh());
    other.putAll(mail);
    other.put("allow_client_class_creation", "true");
    defaults = TestNodes.startReady(other);
    client = Api.at(options.config().port());
    master = client.asMaster();
    plain = Api.at(defaults.config().port());
  }

  @AfterAll
  static void stop() {
    options.stop();
    defaults.stop();
    smtp.close();
  }

  @Test
  @DisplayName("allow_custom_object_id: a client chooses a new object's objectId; taken is 137, empty 104; without it, 105")
  void customObjectIds() {
    Api.Response created = client.post("/parse/classes/Custom", new JsonObject().put("objectId", "my-id-1").put("n", 1));
    assertEquals(201, created.status(), created.text());
    assertEquals("my-id-1", created.json().getString("objectId"));
    assertTrue(created.location().endsWith("/classes/Custom/my-id-1"), created.location());
    assertEquals(1, client.get("/parse/classes/Custom/my-id-1").json().getInteger("n"));
    Api.Response taken = client.post("/parse/classes/Custom", new JsonObject().put("objectId", "my-id-1").put("n", 2));
    assertEquals(137, taken.json().getInteger("code"), taken.text());
    assertEquals(1, client.get("/parse/classes/Custom/my-id-1").json().getInteger("n"), "the first object stays");
    assertEquals(104, client.post("/parse/classes/Custom", new JsonObject().put("objectId", "")).json().getInteger("code"));
    assertEquals(104, client.post("/parse/classes/Custom", new JsonObject().put("objectId", 7)).json().getInteger("code"));
    assertEquals(105, client.post("/parse/classes/Custom", new JsonObject().put("objectId", "a/b")).json().getInteger("code"));
    // a user's id names it in ACLs and CLPs: no id may read as a role or as everyone (Parse Server's GHSA-8xq9-g7ch-35hg)
    for (String principal : List.of("role:Admins", "*", "role:*", "a.b", "x".repeat(129))) {
      Api.Response signup = client.post("/parse/users", new JsonObject().put("objectId", principal).put("username", "mallory")
          .put("password", "pw"));
      assertEquals(105, signup.json().getInteger("code"), principal + ": " + signup.text());
    }
    assertEquals(0, master.get("/parse/users", Map.of("where", "{\"username\":\"mallory\"}")).json().getJsonArray("results").size(),
        "no user was made");
    // without one, the server picks it
    Api.Response picked = client.post("/parse/classes/Custom", new JsonObject().put("n", 3));
    assertEquals(201, picked.status(), picked.text());
    // in a batch, and for users
    Api.Response batch = client.post("/parse/batch", new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("method", "POST").put("path", "/parse/classes/Custom").put("body", new JsonObject().put("objectId", "in-batch")))));
    assertEquals("in-batch", new JsonArray(batch.text()).getJsonObject(0).getJsonObject("success").getString("objectId"), batch.text());
    // (this node refuses signups until the email is verified; the user is made all the same)
    master.post("/parse/users", new JsonObject().put("objectId", "user-chosen").put("username", "chosen").put("password", "pw"));
    assertEquals("chosen", master.get("/parse/users/user-chosen").json().getString("username"));

    Api.Response refused = plain.post("/parse/classes/Custom", new JsonObject().put("objectId", "my-id-1"));
    assertEquals(105, refused.json().getInteger("code"), refused.text());
    assertEquals("objectId is an invalid field name.", refused.json().getString("error"));
  }

  @Test
  @DisplayName("default_limit: a find without a limit answers that many; a limit given wins")
  void defaultLimit() {
    for (int i = 0; i < 5; i++) {
      master.post("/parse/classes/Row", new JsonObject().put("i", i));
    }
    assertEquals(3, client.get("/parse/classes/Row").json().getJsonArray("results").size());
    assertEquals(5, client.get("/parse/classes/Row", Map.of("limit", "10")).json().getJsonArray("results").size());
    JsonObject counted = client.get("/parse/classes/Row", Map.of("count", "1")).json();
    assertEquals(5, counted.getInteger("count"));
    assertEquals(3, counted.getJsonArray("results").size());
    assertEquals(0, client.get("/parse/classes/Row", Map.of("count", "1", "limit", "0")).json().getJsonArray("results").size());
    // the JS SDK's form: a POST with _method GET and no limit
    Api.Response sdk = client.header("X-Parse-Application-Id", null).postRaw("/parse/classes/Row", new JsonObject()
        .put("_method", "GET").put("_ApplicationId", TestNodes.APP_ID).put("where", new JsonObject()).encode(), "text/plain");
    assertEquals(3, sdk.json().getJsonArray("results").size(), sdk.text());
    // in a batch too
    Api.Response batch = client.post("/parse/batch", new JsonObject().put("requests", new JsonArray()
        .add(new JsonObject().put("method", "GET").put("path", "/parse/classes/Row"))));
    assertEquals(3, new JsonArray(batch.text()).getJsonObject(0).getJsonObject("success").getJsonArray("results").size(), batch.text());
    // Parse Server's default elsewhere
    for (int i = 0; i < 5; i++) {
      plain.asMaster().post("/parse/classes/Row", new JsonObject().put("i", i));
    }
    assertEquals(5, plain.get("/parse/classes/Row").json().getJsonArray("results").size());
  }

  @Test
  @DisplayName("an email to verify before logging in: the signup answers no session token, or 205 with prevent_signup_with_unverified_email")
  void signupWithUnverifiedEmail() throws Exception {
    Api.Response tokenless = plain.post("/parse/users", new JsonObject().put("username", "later").put("password", "later pw")
        .put("email", "later@example.com"));
    assertEquals(201, tokenless.status(), tokenless.text());
    assertFalse(tokenless.json().containsKey("sessionToken"), tokenless.text());
    assertEquals(205, plain.post("/parse/login", new JsonObject().put("username", "later").put("password", "later pw")).json().getInteger("code"));

    Api.Response refused = client.post("/parse/users", new JsonObject().put("username", "refused").put("password", "refused pw")
        .put("email", "refused@example.com"));
    assertEquals(400, refused.status(), refused.text());
    assertEquals(205, refused.json().getInteger("code"), refused.text());
    // as in Parse Server, the user is made and mailed: following the link lets it log in
    String link = smtp.awaitMailTo("refused@example.com").link();
    assertEquals(205, client.post("/parse/login", new JsonObject().put("username", "refused").put("password", "refused pw")).json().getInteger("code"));
    assertEquals(200, client.get(link.substring(link.indexOf("/parse/"))).status());
    assertEquals(200, client.post("/parse/login", new JsonObject().put("username", "refused").put("password", "refused pw")).status());
  }
}
