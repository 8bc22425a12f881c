package dev.parsec.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.CloudCodeJar;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * examples/cloud-code, built into a jar as a user builds it and dropped into cloud_code_dir, on a node driven by
 * the official JS SDK (compat/example/leaderboard.test.mjs): scores saved by players, checked and tidied by the
 * beforeSave, counted by the afterSave, read back by topScores, and summed by the job over 100,000 scores.
 */
@DisplayName("The example cloud code (a leaderboard) works on a node through the JS SDK")
class CloudCodeExampleTest {

  /** Scores already there when the players come, as an app's history would be: written by SQL, which is fast. */
  private static final int SEEDED = 100_000;

  @Test
  @DisplayName("players save scores (tidied, refused when bad), topScores ranks them, the afterSave counts, the job sums 100,000")
  void leaderboard() throws Exception {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("com.example.leaderboard.Leaderboard"),
        "the example must reach the node through cloud_code_dir only, not the test class path");
    Path cloudCodeDir = Files.createTempDirectory("cloud-code");
    CloudCodeJar.build(Path.of("examples/cloud-code"), cloudCodeDir, "leaderboard");

    DatabaseUrl database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.put("cloud_code_dir", cloudCodeDir.toString());
    Node node = TestNodes.startReady(settings);
    try {
      createClasses(Api.at(node.config().port()).asMaster());
      seedScores(database);
      Path log = Files.createTempFile("parsec-example", ".log");
      ProcessBuilder script = new ProcessBuilder("bash", "scripts/compat.sh",
          node.config().serverUrl().replace("localhost", "127.0.0.1"), TestNodes.APP_ID, TestNodes.MASTER_KEY,
          "example/leaderboard.test.mjs").redirectErrorStream(true).redirectOutput(log.toFile());
      script.environment().putAll(Map.of("SEEDED_SCORES", String.valueOf(SEEDED), "SEEDED_TOTAL", String.valueOf(seededTotal())));
      Process run = script.start();
      boolean finished = run.waitFor(3, TimeUnit.MINUTES);
      String output = Files.readString(log);
      System.out.println(output);
      assertEquals(true, finished, "the script finished in time");
      assertEquals(0, run.exitValue(), "the leaderboard script failed:\n" + output);
      assertTrue(output.contains("# pass 5") && output.contains("# skipped 0"), "every test of the script ran:\n" + output);
    } finally {
      node.stop();
    }
  }

  /** The app's classes as its developer sets them up: players save scores and read everything; the rest is cloud code's. */
  private static void createClasses(Api master) {
    JsonObject everyone = new JsonObject().put("*", true);
    JsonObject nobody = new JsonObject();
    schema(master, "Score", new JsonObject()
            .put("player", type("String")).put("score", type("Number"))
            .put("user", type("Pointer").put("targetClass", "_User")),
        permissions(everyone, new JsonObject().put("requiresAuthentication", true), nobody));
    schema(master, "PlayerStats", new JsonObject()
            .put("player", type("String")).put("games", type("Number")).put("points", type("Number")),
        permissions(everyone, nobody, nobody));
    schema(master, "Summary", new JsonObject()
            .put("scores", type("Number")).put("total", type("Number")).put("average", type("Number")).put("best", type("Number")),
        permissions(nobody, nobody, nobody));
  }

  private static void schema(Api master, String className, JsonObject fields, JsonObject permissions) {
    Api.Response created = master.post("/parse/schemas/" + className,
        new JsonObject().put("className", className).put("fields", fields).put("classLevelPermissions", permissions));
    assertEquals(200, created.status(), created.toString());
  }

  private static JsonObject type(String type) {
    return new JsonObject().put("type", type);
  }

  private static JsonObject permissions(JsonObject read, JsonObject create, JsonObject change) {
    return new JsonObject().put("find", read).put("count", read).put("get", read).put("create", create)
        .put("update", change).put("delete", change).put("addField", new JsonObject()).put("protectedFields", new JsonObject());
  }

  /** Scores of 0 to 999 by 500 players, without ACL (anyone may read them). */
  private static void seedScores(DatabaseUrl database) {
    TestDatabases.execute(database, "INSERT INTO \"Score\" (\"objectId\", \"createdAt\", \"updatedAt\", \"player\", \"score\")"
        + " SELECT 's' || lpad(g::text, 9, '0'), now(), now(), 'seed' || (g % 500), g % 1000"
        + " FROM generate_series(1, " + SEEDED + ") AS g");
  }

  private static long seededTotal() {
    long total = 0;
    for (int g = 1; g <= SEEDED; g++) {
      total += g % 1000;
    }
    return total;
  }
}
