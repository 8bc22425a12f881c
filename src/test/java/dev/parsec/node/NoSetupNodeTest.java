package dev.parsec.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.ConfigLoader;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A node started with nothing configured")
class NoSetupNodeTest {

  @Test
  @DisplayName("runs its own PostgreSQL under the data directory, generates a master key once, and keeps objects across a restart")
  void embeddedDatabaseSurvivesRestart() throws Exception {
    Path dataDir = TestDatabases.TestDirs.create("nosetup").resolve("data");
    Map<String, String> settings = Map.of("port", String.valueOf(TestNodes.freePort()), "app_id", TestNodes.APP_ID,
        "data_dir", dataDir.toString(), "http_instances", "1");

    Node first = Node.start(ConfigLoader.fromValues(settings));
    String masterKey;
    String id;
    try {
      masterKey = first.config().masterKey().orElseThrow();
      assertTrue(masterKey.length() >= 32, "a long random key");
      Path keyFile = dataDir.resolve("master.key");
      assertEquals(masterKey, Files.readString(keyFile).trim());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
      assertTrue(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION")));

      Api master = Api.at(first.config().port()).header("X-Parse-Master-Key", masterKey);
      Api.Response created = master.post("/parse/classes/Keepsake", new JsonObject().put("note", "still here"));
      assertEquals(201, created.status(), created.text());
      id = created.json().getString("objectId");
    } finally {
      first.stop();
    }

    Node second = Node.start(ConfigLoader.fromValues(settings));
    try {
      assertEquals(masterKey, second.config().masterKey().orElseThrow(), "the same key after a restart");
      Api.Response got = Api.at(second.config().port()).get("/parse/classes/Keepsake/" + id);
      assertEquals(200, got.status(), got.text());
      assertEquals("still here", got.json().getString("note"));
    } finally {
      second.stop();
    }
  }
}
