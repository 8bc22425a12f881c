package dev.parsec.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.node.Node;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Who may upload follows the file_upload_* settings")
class FileUploadPermissionsTest {

  private static final byte[] BYTES = "x".getBytes(StandardCharsets.UTF_8);

  private static Node start(Map<String, String> extra) {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.putAll(extra);
    return TestNodes.start(settings);
  }

  @Test
  @DisplayName("file_upload_public: true lets a caller with no session upload")
  void publicAllowed() {
    Node node = start(Map.of("file_upload_public", "true"));
    try {
      FileClient.Reply reply = FileClient.at(node.config().port()).upload("open.txt", BYTES, "text/plain");
      assertEquals(201, reply.status(), reply.toString());
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("file_upload_authenticated: false refuses signed-in users but never the master key; denied extensions bind clients only")
  void authenticatedRefused() {
    Node node = start(Map.of("file_upload_authenticated", "false"));
    try {
      FileClient client = FileClient.at(node.config().port());
      FileClient.Reply refused = client.header("X-Parse-Session-Token", dev.parsec.support.TestUsers.signUp(node.config().port())).upload("a.txt", BYTES, "text/plain");
      assertEquals(400, refused.status());
      assertEquals("File upload by authenticated user is disabled.", refused.json().getString("error"));
      assertEquals(201, client.asMaster().upload("page.html", BYTES, "text/html").status());
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("file_extensions_allowed: clients upload only the kinds it names; the master key any")
  void allowList() {
    Node node = start(Map.of("file_extensions_allowed", "jpg, png"));
    try {
      FileClient client = FileClient.at(node.config().port())
          .header("X-Parse-Session-Token", dev.parsec.support.TestUsers.signUp(node.config().port()));
      assertEquals(201, client.upload("photo.JPG", BYTES, "image/jpeg").status());
      FileClient.Reply refused = client.upload("notes.txt", BYTES, "text/plain");
      assertEquals(400, refused.status());
      assertEquals("File upload of extension txt is disabled.", refused.json().getString("error"));
      assertEquals(201, client.asMaster().upload("notes.txt", BYTES, "text/plain").status());
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("types browsers run stay refused for clients whatever file_extensions_denied and file_extensions_allowed say")
  void browserRunTypesNotConfigurable() {
    Node node = start(Map.of("file_extensions_denied", "exe", "file_extensions_allowed", "html, svg, js, txt"));
    try {
      FileClient client = FileClient.at(node.config().port())
          .header("X-Parse-Session-Token", dev.parsec.support.TestUsers.signUp(node.config().port()));
      assertEquals(201, client.upload("notes.txt", BYTES, "text/plain").status(), "the settings let allowed kinds through");
      String[][] refused = {{"page.html", "text/html", "text/html"}, {"logo.svg", null, "image/svg+xml"},
          {"app.js", null, "text/javascript"}};
      for (String[] upload : refused) {
        FileClient.Reply reply = client.upload(upload[0], BYTES, upload[1]);
        assertEquals(400, reply.status(), upload[0] + ": " + reply);
        assertEquals("File upload of content type " + upload[2] + " is disabled.", reply.json().getString("error"));
      }
      assertEquals(201, client.asMaster().upload("page.html", BYTES, "text/html").status());
    } finally {
      node.stop();
    }
  }

  @Test
  @DisplayName("anonymous users may upload only with file_upload_anonymous, whatever the rule for other users")
  void anonymousUsers() {
    for (boolean allowed : new boolean[] {false, true}) {
      Node node = start(Map.of("file_upload_anonymous", String.valueOf(allowed)));
      try {
        int port = node.config().port();
        String token = dev.parsec.support.Api.at(port).post("/parse/users", new io.vertx.core.json.JsonObject().put("authData",
            new io.vertx.core.json.JsonObject().put("anonymous", new io.vertx.core.json.JsonObject().put("id", java.util.UUID.randomUUID().toString()))))
            .json().getString("sessionToken");
        FileClient.Reply anonymous = FileClient.at(port).header("X-Parse-Session-Token", token).upload("a.txt", BYTES, "text/plain");
        FileClient.Reply signedUp = FileClient.at(port).header("X-Parse-Session-Token", dev.parsec.support.TestUsers.signUp(port))
            .upload("b.txt", BYTES, "text/plain");
        assertEquals(allowed ? 201 : 400, anonymous.status(), anonymous.toString());
        assertEquals(201, signedUp.status(), "signed-up users upload by default");
        if (!allowed) {
          assertEquals("File upload by anonymous user is disabled.", anonymous.json().getString("error"));
        }
      } finally {
        node.stop();
      }
    }
  }
}
