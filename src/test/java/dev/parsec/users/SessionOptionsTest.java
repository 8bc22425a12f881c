package dev.parsec.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.LocalSmtpServer;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("expire_inactive_sessions, extend_session_on_use and revoke_session_on_password_reset, as in Parse Server")
class SessionOptionsTest {

  @Test
  @DisplayName("without expire_inactive_sessions sessions never expire; without revoke_session_on_password_reset a new password keeps them")
  void neverExpireNorRevoke() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(Map.of("expire_inactive_sessions", "false", "revoke_session_on_password_reset", "false"));
    Node node = TestNodes.startReady(settings);
    try {
      Api client = Api.at(node.config().port());
      JsonObject user = client.post("/parse/users", new JsonObject().put("username", "forever").put("password", "first pw")).json();
      String token = user.getString("sessionToken");
      JsonObject session = session(client.asMaster(), token);
      assertFalse(session.containsKey("expiresAt"), session.encode());

      Api self = client.header("X-Parse-Session-Token", token);
      Api.Response made = self.post("/parse/sessions", new JsonObject());
      assertEquals(201, made.status(), made.text());
      assertFalse(made.json().containsKey("expiresAt"), "a session made by POST /sessions never expires either: " + made.text());
      assertFalse(session(client.asMaster(), made.json().getString("sessionToken")).containsKey("expiresAt"));
      Api.Response changed = self.put("/parse/users/" + user.getString("objectId"), new JsonObject().put("password", "second pw"));
      assertEquals(200, changed.status(), changed.text());
      assertEquals(200, self.get("/parse/users/me").status(), "the session the password was changed with still works");
      assertEquals(200, client.post("/parse/login", new JsonObject().put("username", "forever").put("password", "second pw")).status());
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("without revoke_session_on_password_reset the reset page's new password keeps the user's sessions")
  void resetKeepsSessions() throws Exception {
    LocalSmtpServer smtp = new LocalSmtpServer();
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(Map.of("smtp_host", "127.0.0.1", "smtp_port", String.valueOf(smtp.port()), "smtp_security", "none",
        "revoke_session_on_password_reset", "false"));
    Node node = TestNodes.startReady(settings);
    try {
      Api client = Api.at(node.config().port());
      String token = client.post("/parse/users", new JsonObject().put("username", "resetter").put("password", "first pw")
          .put("email", "resetter@example.com")).json().getString("sessionToken");
      assertEquals(200, client.post("/parse/requestPasswordReset", new JsonObject().put("email", "resetter@example.com")).status());
      String link = smtp.awaitMailTo("resetter@example.com").link();
      String form = "token=" + URLEncoder.encode(link.substring(link.indexOf("token=") + 6), StandardCharsets.UTF_8)
          + "&new_password=second+pw";
      Api.Response done = client.postRaw(URI.create(link).getPath(), form, "application/x-www-form-urlencoded");
      assertEquals(200, done.status(), done.text());
      assertEquals(200, client.post("/parse/login", new JsonObject().put("username", "resetter").put("password", "second pw")).status());
      assertEquals(200, client.header("X-Parse-Session-Token", token).get("/parse/users/me").status(), "the session outlives the reset");
    } finally {
      node.stop();
      smtp.close();
    }
  }

  @Test
  @DisplayName("extend_session_on_use: a session used in its second half is extended once, not on every request")
  void extendOnUse() throws Exception {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(Map.of("extend_session_on_use", "true", "session_length", "4"));
    Node node = TestNodes.startReady(settings);
    try {
      Api client = Api.at(node.config().port());
      Api master = client.asMaster();
      String token = client.post("/parse/users", new JsonObject().put("username", "busy").put("password", "busy pw")).json()
          .getString("sessionToken");
      Instant first = expiresAt(master, token);
      Api self = client.header("X-Parse-Session-Token", token);
      for (int i = 0; i < 5; i++) {
        assertEquals(200, self.get("/parse/users/me").status());
      }
      Thread.sleep(300);
      assertEquals(first, expiresAt(master, token), "not extended in the first half of its length");

      long secondHalf = first.toEpochMilli() - 1_700 - System.currentTimeMillis();
      Thread.sleep(Math.max(0, secondHalf));
      assertEquals(200, self.get("/parse/users/me").status());
      Instant extended = awaitExtended(master, token, first);
      assertTrue(extended.isAfter(first.plusMillis(1_000)), first + " -> " + extended);
      for (int i = 0; i < 5; i++) {
        assertEquals(200, self.get("/parse/users/me").status());
      }
      Thread.sleep(300);
      assertEquals(extended, expiresAt(master, token), "one extension per half length, whatever the requests");

      Thread.sleep(Math.max(0, first.toEpochMilli() + 300 - System.currentTimeMillis()));
      assertEquals(200, self.get("/parse/users/me").status(), "past its first expiry, the extended session still works");
    } finally {
      node.stop();
    }
  }

  private static Instant awaitExtended(Api master, String token, Instant first) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 3_000;
    Instant now = expiresAt(master, token);
    while (now.equals(first) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      now = expiresAt(master, token);
    }
    return now;
  }

  private static Instant expiresAt(Api master, String token) {
    JsonObject session = session(master, token);
    assertNotNull(session.getJsonObject("expiresAt"), session.encode());
    return Instant.parse(session.getJsonObject("expiresAt").getString("iso"));
  }

  private static JsonObject session(Api master, String token) {
    Api.Response found = master.get("/parse/sessions", Map.of("where", new JsonObject().put("sessionToken", token).encode()));
    assertEquals(200, found.status(), found.text());
    return found.json().getJsonArray("results").getJsonObject(0);
  }
}
