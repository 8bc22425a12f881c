package dev.parsec.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("backup and restore with the embedded PostgreSQL and files_adapter postgres, as java -jar with no database_url runs")
class EmbeddedBackupTest {

  @Test
  @DisplayName("backup finds the running node's embedded server, restore starts one in a fresh data_dir, a node there serves it all")
  void embeddedRoundTrip() throws Exception {
    Map<String, String> first = embeddedSettings();
    Node node = TestNodes.startReady(first);
    String objectId;
    String fileName;
    byte[] bytes = "stored in PostgreSQL\n".getBytes(StandardCharsets.UTF_8);
    Path online = Files.createTempDirectory("parsec-backup-embedded").resolve("online");
    Path offline = online.resolveSibling("offline");
    try {
      Api master = Api.at(node.config().port()).asMaster();
      objectId = master.post("/parse/classes/Note", new JsonObject().put("text", "kept")).json().getString("objectId");
      Api.Response file = master.send("POST", "/parse/files/note.txt", new String(bytes, StandardCharsets.UTF_8), "text/plain");
      assertEquals(201, file.status(), file.text());
      fileName = file.json().getString("name");

      BackupRuns.Run run = BackupRuns.command("backup", "--to", online.toString(), backupSettings(first));
      assertEquals(0, run.exit(), run.err());
      assertTrue(run.out().contains("backup: using the embedded PostgreSQL of the node running on "), run.out());
      assertTrue(run.out().contains("backup: files: in the database (files_adapter postgres)"), run.out());
      assertTrue(run.out().contains("backup: table _parsec_file_chunks: 1 row"), run.out());
    } finally {
      node.stop();
    }
    BackupRuns.Run stopped = BackupRuns.command("backup", "--to", offline.toString(), backupSettings(first));
    assertEquals(0, stopped.exit(), stopped.err());
    assertTrue(stopped.out().contains("backup: starting the embedded PostgreSQL in "), "no node runs: " + stopped.out());

    Map<String, String> second = embeddedSettings();
    BackupRuns.Run restore = BackupRuns.command("restore", "--from", online.toString(), backupSettings(second));
    assertEquals(0, restore.exit(), restore.err());
    assertTrue(restore.out().contains("restore: starting the embedded PostgreSQL in " + Path.of(second.get("data_dir"), "postgres")),
        restore.out());
    Node restored = TestNodes.startReady(second);
    try {
      int port = restored.config().port();
      assertEquals("kept", Api.at(port).asMaster().get("/parse/classes/Note/" + objectId).json().getString("text"));
      HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/parse/files/" + TestNodes.APP_ID + "/" + fileName)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, download.statusCode());
      assertArrayEquals(bytes, download.body());
    } finally {
      restored.stop();
    }
    BackupRuns.Run again = BackupRuns.command("restore", "--from", offline.toString(), backupSettings(second));
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("is not empty"), again.err());
  }

  /** A node with no database_url: its embedded PostgreSQL lives in its own data_dir. */
  private static Map<String, String> embeddedSettings() {
    Map<String, String> settings = new HashMap<>(TestNodes.settings(new DatabaseUrl("127.0.0.1", 5432, "unused", "postgres", "")));
    settings.remove("database_url");
    settings.put("files_adapter", "postgres");
    return settings;
  }

  /** What an operator passes to the subcommands: the node's data_dir and files_adapter. */
  private static Map<String, String> backupSettings(Map<String, String> node) {
    return Map.of("data_dir", node.get("data_dir"), "files_adapter", node.get("files_adapter"));
  }
}
