package dev.parsec.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("backup --to DIR and restore --from DIR: a restored node serves what the backed-up one held")
class BackupRestoreTest {

  private static final byte[] FILE_BYTES = "the bytes of a file, kept whole\n".getBytes(StandardCharsets.UTF_8);
  private static final String PASSWORD = "correct horse battery";

  private static Node source;
  private static Map<String, String> sourceSettings;
  private static DatabaseUrl database;
  private static final String INDEXES = "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'";
  private static final String CONSTRAINTS = "SELECT count(*) FROM pg_constraint c"
      + " JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'";
  private static long indexesBackedUp;
  private static long constraintsBackedUp;
  private static Api master;
  private static Path backup;
  private static String sessionToken;
  private static String userId;
  private static String fileName;
  private static String secretId;
  private static String teamId;
  private static long renamedAt;

  /** What the restored node must answer exactly as the source did, by path. */
  private static final Map<String, JsonObject> before = new HashMap<>();

  @BeforeAll
  static void backUpANodeHoldingEverything() throws Exception {
    database = TestDatabases.fresh();
    sourceSettings = TestNodes.settings(database);
    sourceSettings.put("redis_url", TestRedis.url());
    // a write fences its object in the cache for request_timeout + 5 s: 6 s here
    sourceSettings.put("request_timeout", "1");
    source = TestNodes.startReady(sourceSettings);
    int port = source.config().port();
    master = Api.at(port).asMaster();
    Api anyone = Api.at(port);

    // schema first: fields, class-level permissions, an index
    JsonObject clp = new JsonObject()
        .put("find", new JsonObject().put("*", true)).put("get", new JsonObject().put("*", true))
        .put("count", new JsonObject().put("*", true)).put("create", new JsonObject().put("*", true))
        .put("update", new JsonObject().put("*", true)).put("delete", new JsonObject().put("requiresAuthentication", true))
        .put("addField", new JsonObject()).put("protectedFields", new JsonObject());
    Api.Response schema = master.post("/parse/schemas/Game", new JsonObject().put("className", "Game")
        .put("fields", new JsonObject().put("score", new JsonObject().put("type", "Number"))
            .put("tags", new JsonObject().put("type", "Array"))
            .put("player", new JsonObject().put("type", "Pointer").put("targetClass", "_User"))
            .put("team", new JsonObject().put("type", "Pointer").put("targetClass", "Team"))
            .put("cover", new JsonObject().put("type", "File")))
        .put("classLevelPermissions", clp)
        .put("indexes", new JsonObject().put("score_-1", new JsonObject().put("score", -1))));
    assertEquals(200, schema.status(), schema.text());

    Api.Response user = anyone.post("/parse/users", new JsonObject().put("username", "ada").put("password", PASSWORD)
        .put("email", "ada@example.com"));
    assertEquals(201, user.status(), user.text());
    sessionToken = user.json().getString("sessionToken");
    userId = user.json().getString("objectId");
    JsonObject userPointer = new JsonObject().put("__type", "Pointer").put("className", "_User").put("objectId", userId);

    Api.Response role = master.post("/parse/roles", new JsonObject().put("name", "Admins")
        .put("ACL", new JsonObject().put("*", new JsonObject().put("read", true)))
        .put("users", new JsonObject().put("__op", "AddRelation").put("objects", new JsonArray().add(userPointer))));
    assertEquals(201, role.status(), role.text());

    Api.Response file = master.send("POST", "/parse/files/cover.txt", new String(FILE_BYTES, StandardCharsets.UTF_8), "text/plain");
    assertEquals(201, file.status(), file.text());
    fileName = file.json().getString("name");

    teamId = master.post("/parse/classes/Team", new JsonObject().put("name", "Blue")).json().getString("objectId");
    for (int i = 0; i < 5; i++) {
      Api.Response game = master.post("/parse/classes/Game", new JsonObject().put("score", 100 + i)
          .put("tags", new JsonArray().add("t" + i).add(new JsonObject().put("nested", i)))
          .put("player", userPointer)
          .put("team", new JsonObject().put("__type", "Pointer").put("className", "Team").put("objectId", teamId))
          .put("cover", new JsonObject().put("__type", "File").put("name", fileName))
          .put("ACL", new JsonObject().put("*", new JsonObject().put("read", true)).put(userId, new JsonObject().put("write", true))));
      assertEquals(201, game.status(), game.text());
    }
    Api.Response secret = master.post("/parse/classes/Secret", new JsonObject().put("note", "admins only")
        .put("ACL", new JsonObject().put("role:Admins", new JsonObject().put("read", true))));
    assertEquals(201, secret.status(), secret.text());
    secretId = secret.json().getString("objectId");
    assertEquals(200, master.put("/parse/config", new JsonObject().put("params", new JsonObject().put("motd", "hello"))).status());

    // a table an operator added beside Parsec's, with a serial column: its sequence goes on from where it was
    TestDatabases.execute(database, "CREATE TABLE audit_log (id bigserial PRIMARY KEY, note text NOT NULL DEFAULT 'none');"
        + " INSERT INTO audit_log (note) VALUES ('a'), ('b'), ('c')");

    for (String path : List.of("/parse/classes/Game?order=objectId&include=player,team", "/parse/classes/Team",
        "/parse/classes/Secret", "/parse/users", "/parse/roles", "/parse/sessions", "/parse/config", "/parse/schemas/Game",
        "/parse/schemas/Secret")) {
      Api.Response answer = master.get(path);
      assertEquals(200, answer.status(), path + ": " + answer.text());
      before.put(path, answer.json());
    }

    indexesBackedUp = TestDatabases.count(database, INDEXES);
    constraintsBackedUp = TestDatabases.count(database, CONSTRAINTS);
    backup = Files.createTempDirectory("parsec-backup").resolve("backup");
    BackupRuns.Run run = BackupRuns.command("backup", "--to", backup.toString(), sourceSettings);
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("backup: table Game: 5 rows"), run.out());
    assertTrue(run.out().contains("backup: files: 1 from"), run.out());

    // after the backup, the team is renamed (Redis caches the new name once the write's fence is gone)
    assertEquals(200, master.put("/parse/classes/Team/" + teamId, new JsonObject().put("name", "Red")).status());
    renamedAt = System.nanoTime();
  }

  @AfterAll
  static void stop() {
    source.stop();
  }

  @Test
  @DisplayName("the backup folder holds manifest.json with versions, time and every file's size and SHA-256")
  void manifest() throws Exception {
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)),
        "only its owner reads a backup: it holds password hashes and session tokens");
    JsonObject manifest = new JsonObject(Files.readString(backup.resolve("manifest.json")));
    assertEquals(1, manifest.getInteger("format"));
    assertTrue(manifest.getString("postgresVersion").matches("\\d+.*"), manifest.encode());
    assertTrue(manifest.getString("migrationVersion").matches("\\d+"), manifest.encode());
    assertEquals("disk", manifest.getString("filesAdapter"));
    List<String> names = new ArrayList<>();
    for (Object item : manifest.getJsonArray("files")) {
      JsonObject f = (JsonObject) item;
      names.add(f.getString("name"));
      Path file = backup.resolve(f.getString("name"));
      assertEquals(Files.size(file), f.getLong("bytes"));
      assertEquals(Sha256.of(file), f.getString("sha256"));
    }
    assertTrue(names.contains("schema.json"), names.toString());
    assertTrue(names.contains("files/data/" + fileName), names.toString());
    try (Stream<Path> all = Files.walk(backup)) {
      assertEquals(names.size() + 1, all.filter(Files::isRegularFile).count(), "every file but the manifest is listed");
    }
  }

  @Test
  @DisplayName("a fresh node on the restored database serves the objects, users, sessions, roles, files, config and schema")
  void restoredNodeServesEverything() throws Exception {
    Thread.sleep(Math.max(0, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(renamedAt - System.nanoTime()) + 6_500));
    assertEquals("Red", master.get("/parse/classes/Team/" + teamId).json().getString("name"), "and Redis now holds it");
    DatabaseUrl fresh = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(fresh);
    settings.put("redis_url", sourceSettings.get("redis_url"));
    BackupRuns.Run run = BackupRuns.command("restore", "--from", backup.toString(), settings);
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("restore: checked "), run.out());
    assertTrue(run.out().contains("restore: object cache in Redis moved to generation "), run.out());
    assertTrue(run.out().contains("restore: restore complete"), run.out());

    Node restored = TestNodes.startReady(settings);
    try {
      int port = restored.config().port();
      Api restoredMaster = Api.at(port).asMaster();
      // file URLs name the serving node's server_url
      String sourceHost = "localhost:" + source.config().port() + "/";
      before.forEach((path, answer) -> assertEquals(answer.encode().replace(sourceHost, "localhost:" + port + "/"),
          restoredMaster.get(path).json().encode(), path));

      assertEquals("Blue", restoredMaster.get("/parse/classes/Team/" + teamId).json().getString("name"),
          "the backed-up object, not the one Redis cached after the backup");

      Api anyone = Api.at(port);
      Api.Response login = anyone.get("/parse/login", Map.of("username", "ada", "password", PASSWORD));
      assertEquals(200, login.status(), "the same password logs in: " + login.text());
      assertEquals(101, anyone.get("/parse/login", Map.of("username", "ada", "password", "wrong")).json().getInteger("code"));

      Api signedIn = anyone.header("X-Parse-Session-Token", sessionToken);
      Api.Response me = signedIn.get("/parse/users/me");
      assertEquals(200, me.status(), "a session from before the backup still works: " + me.text());
      assertEquals(userId, me.json().getString("objectId"));

      assertEquals(200, signedIn.get("/parse/classes/Secret/" + secretId).status(), "the role still grants read");
      assertEquals(404, anyone.get("/parse/classes/Secret/" + secretId).status(), "and only to its members");

      HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/parse/files/" + TestNodes.APP_ID + "/" + fileName)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, download.statusCode());
      assertArrayEquals(FILE_BYTES, download.body());

      Api.Response created = restoredMaster.post("/parse/classes/Game", new JsonObject().put("score", 1));
      assertEquals(201, created.status(), "the restored node takes writes: " + created.text());
      assertEquals(1, TestDatabases.count(fresh, "SELECT count(*) FROM pg_indexes WHERE tablename = 'Game' AND indexname = 'score_-1'"));
      assertEquals(4, TestDatabases.count(fresh, "INSERT INTO audit_log DEFAULT VALUES RETURNING id"), "the sequence goes on");
      assertEquals(1, TestDatabases.count(fresh, "SELECT count(*) FROM pg_attribute WHERE attrelid = '_parsec_file_chunks'::regclass"
          + " AND attname = 'data' AND attstorage = 'e'"), "column storage as the migration set it");
      assertEquals(indexesBackedUp, TestDatabases.count(fresh, INDEXES), "every index");
      assertEquals(constraintsBackedUp, TestDatabases.count(fresh, CONSTRAINTS), "every constraint");
    } finally {
      restored.stop();
    }
  }

  @Test
  @DisplayName("a damaged backup is refused before anything changes: the database stays empty, no file is written")
  void damagedBackupChangesNothing() throws Exception {
    Path copy = BackupRuns.copyOf(backup);
    Path data = copy.resolve("data").resolve("0001.copy");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(data, bytes);
    DatabaseUrl fresh = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(fresh);
    BackupRuns.Run run = BackupRuns.command("restore", "--from", copy.toString(), settings);
    assertEquals(1, run.exit());
    assertEquals("parsec restore: the backup is damaged: data/0001.copy does not match its SHA-256 in manifest.json"
        + " (nothing was restored)\n", run.err());
    assertEquals(0, BackupRuns.tables(fresh));
    assertTrue(!Files.exists(Path.of(settings.get("data_dir"), "files")), "no file written");
  }

  @Test
  @DisplayName("a file the manifest does not list (an extra file of data or of the store) is refused")
  void unlistedFileIsRefused() throws Exception {
    Path copy = BackupRuns.copyOf(backup);
    Files.writeString(copy.resolve("files").resolve("data").resolve("intruder.txt"), "not backed up");
    Files.writeString(copy.resolve("files").resolve("meta").resolve("intruder.txt.json"), "{}");
    DatabaseUrl fresh = TestDatabases.fresh();
    BackupRuns.Run run = BackupRuns.command("restore", "--from", copy.toString(), TestNodes.settings(fresh));
    assertEquals(1, run.exit());
    assertTrue(run.err().startsWith("parsec restore: the backup holds files/"), run.err());
    assertEquals(0, BackupRuns.tables(fresh));
  }

  @Test
  @DisplayName("a database that holds any table is refused and left as it was")
  void nonEmptyDatabaseIsRefused() throws Exception {
    DatabaseUrl used = TestDatabases.fresh();
    TestDatabases.execute(used, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('keep me')");
    BackupRuns.Run run = BackupRuns.command("restore", "--from", backup.toString(), TestNodes.settings(used));
    assertEquals(1, run.exit());
    assertTrue(run.err().startsWith("parsec restore: database postgres://") && run.err().contains("is not empty (it has public.notes)")
        && run.err().lines().count() == 1, run.err());
    assertEquals(1, BackupRuns.tables(used));
    assertEquals(1, TestDatabases.count(used, "SELECT count(*) FROM notes"));
  }

  @Test
  @DisplayName("a backup from a newer migration version than this Parsec knows is refused")
  void newerBackupIsRefused() throws Exception {
    Path copy = BackupRuns.copyOf(backup);
    Path manifest = copy.resolve("manifest.json");
    Files.writeString(manifest, new JsonObject(Files.readString(manifest)).put("migrationVersion", "999").encodePrettily());
    DatabaseUrl fresh = TestDatabases.fresh();
    BackupRuns.Run run = BackupRuns.command("restore", "--from", copy.toString(), TestNodes.settings(fresh));
    assertEquals(1, run.exit());
    assertTrue(run.err().startsWith("parsec restore: the backup is of migration version 999, newer than this Parsec knows"), run.err());
    assertEquals(0, BackupRuns.tables(fresh));
  }

  @Test
  @DisplayName("backup refuses a folder that exists and is not empty, and leaves it as it was")
  void nonEmptyFolderIsRefused() throws Exception {
    Path folder = Files.createTempDirectory("parsec-backup-used");
    Files.writeString(folder.resolve("notes.txt"), "mine");
    BackupRuns.Run run = BackupRuns.command("backup", "--to", folder.toString(), sourceSettings);
    assertEquals(1, run.exit());
    assertEquals("parsec backup: " + folder + " is not empty: back up into a new or empty folder\n", run.err());
    try (Stream<Path> entries = Files.list(folder)) {
      assertEquals(List.of(folder.resolve("notes.txt")), entries.toList());
    }
  }

  @Test
  @DisplayName("a backup taken while writes go on sees every table at one instant: each Item counted by Tally is there")
  void consistentWhileWritesGoOn() throws Exception {
    // the writer adds an Item, then counts it in Tally: at any instant Tally.count <= Items <= Tally.count + 1.
    // Item's table is copied before Tally's, so a copy made table by table would find Tally ahead of the Items.
    Api api = master;
    String tallyId = api.post("/parse/classes/Tally", new JsonObject().put("count", 0)).json().getString("objectId");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    Thread writer = new Thread(() -> {
      while (writing.get()) {
        api.post("/parse/classes/Item", new JsonObject().put("n", written.get()));
        api.put("/parse/classes/Tally/" + tallyId, new JsonObject().put("count",
            new JsonObject().put("__op", "Increment").put("amount", 1)));
        written.incrementAndGet();
      }
    }, "writer");
    writer.start();
    try {
      while (written.get() < 20) {
        Thread.sleep(10);
      }
      Path folder = Files.createTempDirectory("parsec-backup-busy").resolve("b");
      int atStart = written.get();
      BackupRuns.Run run = BackupRuns.command("backup", "--to", folder.toString(), sourceSettings);
      assertEquals(0, run.exit(), run.err());
      assertTrue(written.get() > atStart, "writes went on during the backup");
      writing.set(false);
      writer.join();

      DatabaseUrl fresh = TestDatabases.fresh();
      assertEquals(0, BackupRuns.command("restore", "--from", folder.toString(), TestNodes.settings(fresh)).exit());
      long items = TestDatabases.count(fresh, "SELECT count(*) FROM \"Item\"");
      long tally = TestDatabases.count(fresh, "SELECT \"count\" FROM \"Tally\"");
      assertTrue(items >= 20 && items < written.get(), items + " items of " + written.get());
      assertTrue(tally <= items && items <= tally + 1, "tally " + tally + ", items " + items);
    } finally {
      writing.set(false);
      writer.join();
    }
  }

  @Test
  @DisplayName("java -jar parsec.jar backup: Main runs the subcommand and exits 1 with one line when it fails")
  void mainRunsTheSubcommand() throws Exception {
    Path folder = Files.createTempDirectory("parsec-backup-main");
    Files.writeString(folder.resolve("x"), "x");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.parsec.Main", "backup", "--to", folder.toString()));
    sourceSettings.forEach((key, value) -> command.add("--" + key + "=" + value));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().removeIf(name -> name.startsWith("PARSEC_"));
    Process process = builder.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, process.waitFor());
    assertEquals("parsec backup: " + folder + " is not empty: back up into a new or empty folder\n", err);
  }
}
