package dev.parsec.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Parse Dashboard's Jobs page: /cloud_code/jobs schedules, run once in the cluster; POST /jobs runs one now. */
@DisplayName("Dashboard jobs: /cloud_code/jobs schedules run once per cluster; POST /jobs with jobName runs now; master key only")
class JobSchedulesClusterTest {

  private static DatabaseUrl database;
  private static Node a;
  private static Node b;
  private static Api masterA;
  private static Api masterB;

  @BeforeAll
  static void start() {
    database = TestDatabases.fresh();
    List<Node> nodes = TestNodes.startPair(database, Map.of("job_poll_interval", "1"));
    a = nodes.get(0);
    b = nodes.get(1);
    masterA = Api.at(a.config().port()).asMaster();
    masterB = Api.at(b.config().port()).asMaster();
  }

  @AfterAll
  static void stop() {
    for (Node node : new Node[] {a, b}) {
      if (node != null) {
        node.stop();
      }
    }
  }

  private static JsonObject schedule(String tag, String startAfter) {
    JsonObject schedule = new JsonObject().put("jobName", "count").put("description", "count for " + tag)
        .put("params", new JsonObject().put("tag", tag).put("steps", 1).encode())
        .put("daysOfWeek", new JsonArray(List.of(1, 1, 1, 1, 1, 1, 1)));
    if (startAfter != null) {
      schedule.put("startAfter", startAfter);
    }
    return new JsonObject().put("job_schedule", schedule);
  }

  private static int completed(String tag) {
    AtomicInteger count = TestFunctions.COMPLETED.get(tag);
    return count == null ? 0 : count.get();
  }

  private static void awaitCompleted(String tag, int runs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (completed(tag) < runs && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(runs, completed(tag), tag + " ran");
  }

  @Test
  @DisplayName("a schedule made with no start runs once at once, in the whole cluster, with its params; its _JobStatus reads as Dashboard reads it")
  void immediateScheduleRunsOnce() throws Exception {
    String tag = "now-" + UUID.randomUUID();
    Api.Response created = masterA.post("/parse/cloud_code/jobs", schedule(tag, null));
    assertEquals(201, created.status(), created.text());
    String id = created.json().getString("objectId");
    assertNotNull(id);
    awaitCompleted(tag, 1);
    Thread.sleep(3_000); // both schedulers have ticked again since
    assertEquals(1, completed(tag), "ran once in the cluster");

    JsonArray scheduled = masterB.get("/parse/cloud_code/jobs").jsonArray();
    JsonObject mine = scheduled.stream().map(JsonObject.class::cast).filter(s -> id.equals(s.getString("objectId"))).findFirst().orElseThrow();
    assertEquals("count", mine.getString("jobName"));
    assertNotNull(Instant.parse(mine.getString("startAfter")), "startAfter set by the server");
    assertTrue(mine.getDouble("lastRun") > 0, "lastRun recorded");

    JsonObject statuses = masterB.get("/parse/classes/_JobStatus", Map.of("order", "-createdAt",
        "where", new JsonObject().put("params.tag", tag).encode())).json();
    JsonArray results = statuses.getJsonArray("results");
    assertEquals(1, results.size(), statuses.encode());
    JsonObject status = results.getJsonObject(0);
    assertEquals("succeeded", status.getString("status"));
    assertEquals("schedule", status.getString("source"));
    assertEquals("counted 1", status.getString("message"));
    assertEquals(tag, status.getJsonObject("params").getString("tag"));
    assertEquals("Date", status.getJsonObject("finishedAt").getString("__type"));
    assertNotNull(status.getString("createdAt"));
  }

  @Test
  @DisplayName("a repeating schedule runs its current slot once; one whose days exclude every day never runs")
  void repeatingAndDaysOfWeek() throws Exception {
    String every = "minute-" + UUID.randomUUID();
    String never = "never-" + UUID.randomUUID();
    String fiveMinutesAgo = Instant.now().minusSeconds(300).toString();
    JsonObject minutely = schedule(every, fiveMinutesAgo);
    minutely.getJsonObject("job_schedule").put("repeatMinutes", 1).put("timeOfDay", "00:00:00.000Z");
    JsonObject noDay = schedule(never, fiveMinutesAgo);
    noDay.getJsonObject("job_schedule").put("repeatMinutes", 1).put("timeOfDay", "00:00:00.000Z")
        .put("daysOfWeek", new JsonArray(List.of(0, 0, 0, 0, 0, 0, 0)));
    assertEquals(201, masterA.post("/parse/cloud_code/jobs", noDay).status());
    assertEquals(201, masterA.post("/parse/cloud_code/jobs", minutely).status());
    awaitCompleted(every, 1);
    Thread.sleep(2_000);
    assertEquals(0, completed(never), "no day permitted");
    assertTrue(completed(every) <= 2, "at most this minute's slot and the next one's");
  }

  @Test
  @DisplayName("a schedule starting in 3 s does not run before then, then runs once")
  void laterScheduleWaits() throws Exception {
    String tag = "later-" + UUID.randomUUID();
    Instant startAfter = Instant.now().plusSeconds(3);
    assertEquals(201, masterB.post("/parse/cloud_code/jobs", schedule(tag, startAfter.toString())).status());
    Thread.sleep(1_500);
    assertEquals(0, completed(tag), "not before startAfter");
    awaitCompleted(tag, 1);
    assertFalse(Instant.now().isBefore(startAfter));
    Thread.sleep(2_500);
    assertEquals(1, completed(tag));
  }

  @Test
  @DisplayName("/cloud_code/jobs/data lists the cluster's jobs and the scheduled ones; edit and delete answer as Parse Server")
  void dataEditDelete() {
    String tag = "edit-" + UUID.randomUUID();
    String future = Instant.now().plusSeconds(3_600).toString();
    String id = masterA.post("/parse/cloud_code/jobs", schedule(tag, future)).json().getString("objectId");

    JsonObject data = masterB.get("/parse/cloud_code/jobs/data").json();
    assertTrue(data.getJsonArray("jobs").getList().containsAll(List.of("broken", "count", "tick")), data.encode());
    assertTrue(data.getJsonArray("in_use").contains("count"), data.encode());

    Api.Response edited = masterB.put("/parse/cloud_code/jobs/" + id, new JsonObject().put("job_schedule",
        new JsonObject().put("description", "renamed").put("repeatMinutes", 60).put("timeOfDay", "12:00:00.000Z")));
    assertEquals(200, edited.status(), edited.text());
    assertNotNull(edited.json().getJsonObject("response").getString("updatedAt"));
    JsonObject read = masterA.get("/parse/classes/_JobSchedule/" + id).json();
    assertEquals("renamed", read.getString("description"));
    assertEquals(60, read.getInteger("repeatMinutes"));

    Api.Response unknown = masterA.post("/parse/cloud_code/jobs", new JsonObject().put("job_schedule",
        new JsonObject().put("jobName", "nosuchjob")));
    assertEquals(1, unknown.json().getInteger("code"), unknown.text());
    assertEquals("Cannot Schedule a job that is not deployed", unknown.json().getString("error"));
    Api.Response badStart = masterA.post("/parse/cloud_code/jobs", schedule(tag, "tomorrow"));
    assertEquals(111, badStart.json().getInteger("code"), badStart.text());

    Api.Response deleted = masterA.delete("/parse/cloud_code/jobs/" + id);
    assertEquals(200, deleted.status(), deleted.text());
    assertFalse(masterB.get("/parse/cloud_code/jobs").text().contains(id));
    assertEquals(101, masterA.delete("/parse/cloud_code/jobs/" + id).json().getInteger("code"));
  }

  @Test
  @DisplayName("POST /jobs with jobName in the body (Dashboard's Run now) starts the job with the body as its params")
  void runNow() throws Exception {
    String tag = "run-" + UUID.randomUUID();
    Api.Response accepted = masterA.post("/parse/jobs", new JsonObject().put("jobName", "count")
        .put("description", "Executing from job schedule web console.").put("tag", tag).put("steps", 1).put("when", 0));
    assertEquals(202, accepted.status(), accepted.text());
    String id = accepted.header("X-Parse-Job-Status-Id");
    assertNotNull(id);
    awaitCompleted(tag, 1);
    JsonObject status = masterB.get("/parse/classes/_JobStatus/" + id).json();
    assertEquals("count", status.getString("jobName"));
    assertEquals("count", status.getJsonObject("params").getString("jobName"));
    Api.Response invalid = masterA.post("/parse/jobs", new JsonObject().put("jobName", "nosuchjob"));
    assertEquals(141, invalid.json().getInteger("code"), invalid.text());
    assertEquals("Invalid job.", invalid.json().getString("error"));
  }

  @Test
  @DisplayName("every route refuses a client without the master key, as Parse Server (403 unauthorized)")
  void masterOnly() {
    Api client = Api.at(a.config().port());
    List<Api.Response> refused = List.of(
        client.get("/parse/cloud_code/jobs"),
        client.get("/parse/cloud_code/jobs/data"),
        client.post("/parse/cloud_code/jobs", schedule("client", null)),
        client.put("/parse/cloud_code/jobs/abc", schedule("client", null)),
        client.delete("/parse/cloud_code/jobs/abc"),
        client.post("/parse/jobs", new JsonObject().put("jobName", "count")),
        client.get("/parse/classes/_JobSchedule"));
    for (Api.Response response : refused) {
      assertTrue(response.status() == 403 || response.json().getInteger("code", 0) == 119, response.text());
    }
    assertEquals(403, refused.get(0).status());
    assertEquals("unauthorized: master key is required", refused.get(0).json().getString("error"));
    assertEquals(0, completed("client"));
  }
}
