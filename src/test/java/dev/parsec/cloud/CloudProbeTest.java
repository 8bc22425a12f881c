package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Adversarial probes of the cloud code surface (ProbeFunctions): what code running for a caller may do, compared with REST. */
@DisplayName("Cloud code probes: a caller's data in cloud code allows no more than REST allows that caller")
class CloudProbeTest {

  private static final String READ_ONLY = "read-only-master-key-probe";
  private static final String MAINTENANCE = "maintenance-key-probe-0123";

  private static Node node;
  private static Api client;
  private static Api master;

  @BeforeAll
  static void start() {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("read_only_master_key", READ_ONLY);
    settings.put("maintenance_key", MAINTENANCE);
    settings.put("function_timeout", "60");
    node = TestNodes.startReady(settings);
    client = Api.at(node.config().port());
    master = client.asMaster();
    assertEquals(201, master.post("/parse/classes/ProbeKeys", new JsonObject().put("by", "master")).status());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  @DisplayName("the read-only master key's trigger cannot write through data() (config, objects, files): 119 as REST answers")
  void readOnlyMasterKeyWritesNothingThroughData() {
    Api readOnly = client.header("X-Parse-Master-Key", READ_ONLY).header("X-Probe", "1");
    assertEquals(119, readOnly.put("/parse/config", new JsonObject().put("params", new JsonObject().put("probed", true)))
        .json().getInteger("code"), "REST refuses the write");
    ProbeFunctions.OUTCOMES.clear();
    Api.Response found = readOnly.get("/parse/classes/ProbeKeys");
    assertEquals(200, found.status(), found.text());
    assertEquals("119", ProbeFunctions.OUTCOMES.get("saveConfig"), ProbeFunctions.OUTCOMES.toString());
    assertEquals("119", ProbeFunctions.OUTCOMES.get("save"), ProbeFunctions.OUTCOMES.toString());
    assertEquals("119", ProbeFunctions.OUTCOMES.get("deleteFile"), ProbeFunctions.OUTCOMES.toString());
    assertEquals("ok", ProbeFunctions.OUTCOMES.get("config"), "reads stay allowed");
    assertFalse(master.get("/parse/config").json().getJsonObject("params").containsKey("probed"), "the config is unchanged");
    assertEquals(1, master.get("/parse/classes/ProbeKeys").json().getJsonArray("results").size(), "no object was saved");
  }

  @Test
  @DisplayName("the maintenance key's trigger acts as the master key through data() on data only, as REST: not on config or files")
  void maintenanceKeyIsMasterOnDataOnly() {
    Api maintenance = client.header("X-Parse-Maintenance-Key", MAINTENANCE).header("X-Probe", "1");
    Api.Response rest = maintenance.put("/parse/config", new JsonObject().put("params", new JsonObject().put("probed", true)));
    assertEquals(403, rest.status(), "REST refuses the maintenance key the config: " + rest.text());
    ProbeFunctions.OUTCOMES.clear();
    Api.Response found = maintenance.get("/parse/classes/ProbeKeys");
    assertEquals(200, found.status(), found.text());
    assertEquals("119", ProbeFunctions.OUTCOMES.get("saveConfig"), ProbeFunctions.OUTCOMES.toString());
    assertEquals("119", ProbeFunctions.OUTCOMES.get("deleteFile"), ProbeFunctions.OUTCOMES.toString());
    assertEquals("ok", ProbeFunctions.OUTCOMES.get("save"), "a data write, as REST allows it: " + ProbeFunctions.OUTCOMES);
    assertFalse(master.get("/parse/config").json().getJsonObject("params").containsKey("probed"), "the config is unchanged");
    JsonObject saved = master.get("/parse/classes/ProbeKeys", Map.of("where", new JsonObject().put("by", "trigger").encode()))
        .json().getJsonArray("results").getJsonObject(0);
    assertEquals(200, master.delete("/parse/classes/ProbeKeys/" + saved.getString("objectId")).status());
  }

  @Test
  @DisplayName("a module's object or find trigger on _Session is refused where it is defined, as in Parse Server")
  void sessionTriggersRefused() {
    Cloud cloud = new Cloud();
    List<Executable> definitions = List.of(() -> cloud.beforeSave("_Session", request -> null),
        () -> cloud.afterSave("_Session", request -> { }), () -> cloud.beforeDelete("_Session", request -> { }),
        () -> cloud.afterDelete("_Session", request -> { }), () -> cloud.beforeFind("_Session", request -> null),
        () -> cloud.afterFind("_Session", FindRequest -> null));
    for (Executable definition : definitions) {
      assertThrows(IllegalArgumentException.class, definition);
    }
    assertTrue(cloud.triggers().isEmpty() && cloud.beforeSaveTriggers().isEmpty() && cloud.beforeFindTriggers().isEmpty()
        && cloud.afterFindTriggers().isEmpty());
  }

  @Test
  @DisplayName("a trigger's validator with a rate limit is refused where it is defined, rather than silently not counted")
  void triggerRateLimitRefused() {
    Cloud cloud = new Cloud();
    Validator limited = Validator.create().rateLimit(1, java.time.Duration.ofMinutes(1));
    assertThrows(IllegalArgumentException.class, () -> cloud.beforeSave("Note", request -> null, limited));
    assertThrows(IllegalArgumentException.class, () -> cloud.beforeFind("Note", request -> null, limited));
    assertThrows(IllegalArgumentException.class, () -> cloud.beforeSave("_Session", request -> null, Validator.create()));
    assertTrue(cloud.validators().isEmpty(), "nothing refused is kept");
    cloud.define("limited", request -> 1, limited);
    assertEquals(1, cloud.validators().size(), "a function takes the limit");
  }
}
