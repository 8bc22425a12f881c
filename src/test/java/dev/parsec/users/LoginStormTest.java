package dev.parsec.users;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A login storm beyond the hashing capacity: every login is answered, 155 for those not checked in time")
class LoginStormTest {

  /** Fewer than the 32 checks a hashing thread may have waiting: no refusal comes from that bound. */
  private static final int LOGINS = 30;

  @Test
  @DisplayName("password_hash_timeout 1 ms, shorter than any Argon2id hash: 30 simultaneous logins are each answered 155 (took or waited too long), none left hanging")
  void loginsNotCheckedInTimeAreAnswered155() {
    List<JsonObject> answers = storm("1", () -> { });
    assertTrue(answers.stream().allMatch(answer -> answer.getInteger("code") == 155
        && answer.getString("error").matches("The password check (took|waited) too long; try again shortly\\.")),
        answers.toString());
  }

  @Test
  @DisplayName("with password_hash_timeout 0 (no limit) the same storm is checked whole, each login in its turn, on hashing threads at password_hash_nice 10 (as ps shows them)")
  void withoutTheLimitEveryLoginWaitsItsTurn() {
    List<Integer> nices = new ArrayList<>();
    List<JsonObject> answers = storm("0", () -> nices.addAll(hashingThreadNices()));
    assertTrue(answers.stream().allMatch(answer -> answer.getInteger("code") == 101), answers.toString());
    assertTrue(nices.contains(10), "a hashing thread at nice 10: " + nices);
  }

  /**
   * Starts a node with one hashing thread at nice 10 and sends LOGINS logins at once for a username no one has (each is
   * checked against a dummy hash, at the cost of a real one); answers the error bodies. {@code whileUp} runs
   * after the storm, before the node stops.
   */
  private static List<JsonObject> storm(String timeout, Runnable whileUp) {
    Map<String, String> settings = TestNodes.settings(TestDatabases.fresh());
    settings.put("password_hash_threads", "1");
    settings.put("password_hash_timeout", timeout);
    settings.put("password_hash_nice", "10");
    settings.put("http_instances", "1");
    Node node = TestNodes.start(settings);
    ExecutorService clients = Executors.newFixedThreadPool(LOGINS);
    try {
      Api api = Api.at(node.config().port());
      JsonObject credentials = new JsonObject().put("username", "nobody").put("password", "any-one");
      List<CompletableFuture<JsonObject>> logins = new ArrayList<>();
      for (int i = 0; i < LOGINS; i++) {
        // Api gives each request 30 s: a login left hanging fails the test
        logins.add(CompletableFuture.supplyAsync(() -> api.post("/parse/login", credentials).json(), clients));
      }
      List<JsonObject> answers = logins.stream().map(CompletableFuture::join).toList();
      whileUp.run();
      return answers;
    } finally {
      clients.shutdownNow();
      node.stop();
    }
  }

  /** The nice values of this JVM's password hashing threads (the node runs in it), from /proc as ps reads them. */
  private static List<Integer> hashingThreadNices() {
    List<Integer> nices = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        // comm is the thread's name cut to 15 bytes
        if (Files.readString(task.resolve("comm")).startsWith("parsec-password")) {
          String stat = Files.readString(task.resolve("stat"));
          // the fields after "(comm) ": state is field 3, nice field 19
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          nices.add(Integer.parseInt(fields[19 - 3]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return nices;
  }
}
