package dev.parsec.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.db.Database;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A backup folder is input: whoever can write it must not reach beyond the restored database and data_dir/files.
 * Each case changes a real backup and writes a manifest whose checksums match, as someone who edits a backup would.
 */
@DisplayName("restore of a crafted backup folder: its SQL, data paths and links stay inside the database and the backup")
class CraftedBackupTest {

  private static final String STORED = "f0f0_hello.txt";
  private static Path backup;
  private static Path outside;

  @BeforeAll
  static void backUpADatabaseWithAFile() throws Exception {
    DatabaseUrl source = TestDatabases.fresh();
    Database.migrate(source);
    Map<String, String> settings = TestNodes.settings(source);
    Path store = Path.of(settings.get("data_dir"), "files");
    Files.createDirectories(store.resolve("data"));
    Files.createDirectories(store.resolve("meta"));
    Files.writeString(store.resolve("data").resolve(STORED), "hello");
    Files.writeString(store.resolve("meta").resolve(STORED + ".json"), "{\"contentType\":\"text/plain\"}");
    backup = Files.createTempDirectory("parsec-crafted").resolve("backup");
    BackupRuns.Run run = BackupRuns.command("backup", "--to", backup.toString(), settings);
    assertEquals(0, run.exit(), run.err());
    outside = Files.createTempDirectory("parsec-outside").resolve("secret.txt");
    Files.writeString(outside, "a file of the server, outside any backup");
  }

  @Test
  @DisplayName("the untouched backup restores (named through a link), and what it made belongs to the restoring user; no helper role is left")
  void untouchedBackupRestores() throws IOException {
    DatabaseUrl fresh = TestDatabases.fresh();
    Path latest = Files.createTempDirectory("parsec-backups").resolve("latest");
    Files.createSymbolicLink(latest, backup);
    BackupRuns.Run run = BackupRuns.command("restore", "--from", latest.toString(), TestNodes.settings(fresh));
    assertEquals(0, run.exit(), run.err());
    assertTrue(BackupRuns.tables(fresh) > 10);
    assertEquals(0, TestDatabases.count(fresh, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user"));
    assertEquals(0, helperRoles(fresh));
  }

  @Test
  @DisplayName("schema.json reading a server file (pg_read_file) is refused: permission denied, nothing restored")
  void sqlReadingAServerFileIsRefused() throws Exception {
    Path crafted = craft(schema -> schema.getJsonArray("create")
        .add("CREATE TABLE \"leak\" AS SELECT pg_read_file('PG_VERSION') AS v"));
    assertRefused(crafted, "permission denied for function pg_read_file");
  }

  @Test
  @DisplayName("schema.json running a program on the server (COPY ... TO PROGRAM), alone or after a ';', is refused")
  void sqlRunningAProgramIsRefused() throws Exception {
    assertRefused(craft(schema -> schema.getJsonArray("create").add("COPY (SELECT 1) TO PROGRAM 'true'")),
        "pg_execute_server_program");
    assertRefused(craft(schema -> {
      JsonArray create = schema.getJsonArray("create");
      create.set(0, create.getString(0) + "; COPY (SELECT 1) TO PROGRAM 'true'");
    }), "pg_execute_server_program");
  }

  @Test
  @DisplayName("schema.json cannot go back to the restoring superuser first (RESET ROLE, SET ROLE, set_config('role', ...))")
  void noWayBackToTheSuperuser() throws Exception {
    assertRefused(craft(schema -> schema.getJsonArray("create").add(0, "RESET ROLE").add(1, "COPY (SELECT 1) TO PROGRAM 'true'")),
        "pg_execute_server_program");
    assertRefused(craft(schema -> schema.getJsonArray("create").add(0, "SET ROLE postgres")), "permission denied to set role");
    assertRefused(craft(schema -> schema.getJsonArray("create").add(0, "SELECT set_config('role', 'postgres', true)")),
        "permission denied to set role");
  }

  @Test
  @DisplayName("schema.json making a function, a trigger or a rule (which would later run as the nodes' user) is refused")
  void objectsNoBackupMakesAreRefused() throws Exception {
    assertRefused(craft(schema -> schema.getJsonArray("after")
        .add("CREATE FUNCTION \"stamp\"() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$")
        .add("CREATE TRIGGER \"stamp\" BEFORE INSERT ON \"_Session\" FOR EACH ROW EXECUTE FUNCTION \"stamp\"()")),
        "which no Parsec backup holds");
    assertRefused(craft(schema -> schema.getJsonArray("after")
        .add("CREATE RULE \"copy\" AS ON INSERT TO \"_Session\" DO ALSO NOTIFY parsec")), "makes rule copy");
  }

  @Test
  @DisplayName("a table's data file outside the backup (absolute or ../) is refused before anything changes")
  void dataFileOutsideTheBackupIsRefused() throws Exception {
    Path other = BackupRuns.copyOf(backup);
    String elsewhere = other.resolve("data").resolve("0001.copy").toString();
    assertRefused(craft(schema -> schema.getJsonArray("tables").getJsonObject(0).put("file", elsewhere)),
        "is not a data file manifest.json lists");
    assertRefused(craft(schema -> schema.getJsonArray("tables").getJsonObject(0)
        .put("file", "../" + other.getFileName() + "/data/0001.copy")), "is not a data file manifest.json lists");
  }

  @Test
  @DisplayName("a symbolic link in the backup (a stored file, or a folder) is refused: no file outside it reaches data_dir/files")
  void linksAreRefused() throws Exception {
    Path crafted = BackupRuns.copyOf(backup);
    Path stored = crafted.resolve("files").resolve("data").resolve(STORED);
    Files.delete(stored);
    Files.createSymbolicLink(stored, outside);
    rehash(crafted);
    Map<String, String> settings = assertRefused(crafted, "symbolic link, files/data/" + STORED);
    assertFalse(Files.exists(Path.of(settings.get("data_dir"), "files", "data", STORED)));
    Path latest = Files.createTempDirectory("parsec-backups").resolve("latest");
    Files.createSymbolicLink(latest, crafted);
    assertRefused(latest, "symbolic link, files/data/" + STORED); // named through a link, the folder is still looked into

    Path linkedFolder = BackupRuns.copyOf(backup);
    Files.createSymbolicLink(linkedFolder.resolve("elsewhere"), outside.getParent());
    JsonObject manifest = new JsonObject(Files.readString(linkedFolder.resolve(Manifest.NAME)));
    manifest.getJsonArray("files").add(new JsonObject().put("name", "elsewhere/secret.txt").put("bytes", 0).put("sha256", ""));
    Files.writeString(linkedFolder.resolve(Manifest.NAME), manifest.encodePrettily());
    rehash(linkedFolder);
    assertRefused(linkedFolder, "symbolic link, elsewhere");
  }

  private static Map<String, String> assertRefused(Path crafted, String because) {
    DatabaseUrl fresh = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(fresh);
    BackupRuns.Run run = BackupRuns.command("restore", "--from", crafted.toString(), settings);
    assertEquals(1, run.exit(), run.out());
    assertTrue(run.err().startsWith("parsec restore: ") && run.err().contains(because) && run.err().contains("nothing was restored"),
        run.err());
    assertEquals(0, BackupRuns.tables(fresh), "no table restored");
    assertEquals(0, helperRoles(fresh), "no helper role left");
    return settings;
  }

  /** A copy of the backup with schema.json changed and a manifest that matches it again. */
  private static Path craft(Consumer<JsonObject> change) throws IOException {
    Path copy = BackupRuns.copyOf(backup);
    Path schemaFile = copy.resolve(DatabaseLayout.NAME);
    JsonObject schema = new JsonObject(Files.readString(schemaFile));
    change.accept(schema);
    Files.writeString(schemaFile, schema.encodePrettily(), StandardCharsets.UTF_8);
    rehash(copy);
    return copy;
  }

  private static void rehash(Path dir) throws IOException {
    Path manifestFile = dir.resolve(Manifest.NAME);
    JsonObject manifest = new JsonObject(Files.readString(manifestFile));
    for (Object item : manifest.getJsonArray("files")) {
      JsonObject entry = (JsonObject) item;
      Path file = dir.resolve(entry.getString("name"));
      if (Files.isRegularFile(file)) {
        entry.put("bytes", Files.size(file)).put("sha256", Sha256.of(file));
      }
    }
    Files.writeString(manifestFile, manifest.encodePrettily(), StandardCharsets.UTF_8);
  }

  private static long helperRoles(DatabaseUrl url) {
    return TestDatabases.count(url, "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'parsec\\_restore\\_%'");
  }
}
