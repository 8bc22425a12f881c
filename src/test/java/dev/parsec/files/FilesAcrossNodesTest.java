package dev.parsec.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Two nodes on one database share files with files_adapter: postgres")
class FilesAcrossNodesTest {

  private static Node first;
  private static Node second;

  @BeforeAll
  static void startTwoNodes() {
    DatabaseUrl database = TestDatabases.fresh();
    Map<String, String> a = TestNodes.settings(database);
    a.put("files_adapter", "postgres");
    Map<String, String> b = TestNodes.settings(database);
    b.put("files_adapter", "postgres");
    first = TestNodes.start(a);
    second = TestNodes.start(b);
  }

  @AfterAll
  static void stopNodes() {
    second.stop();
    first.stop();
  }

  @Test
  @DisplayName("a file uploaded on one node is downloaded from the other, and deleted there for both")
  void uploadedOnOneServedByTheOther() {
    byte[] bytes = FilesApiContract.randomBytes(1024 * 1024 + 17);
    FileClient.Reply created = FileClient.at(first.config().port()).asMaster().upload("shared.bin", bytes, "application/zip");
    assertEquals(201, created.status(), created.toString());
    String name = created.json().getString("name");
    String onSecond = "http://127.0.0.1:" + second.config().port() + "/parse/files/" + TestNodes.APP_ID + "/" + name;
    FileClient.Reply got = FileClient.at(second.config().port()).fetch("GET", onSecond);
    assertEquals(200, got.status());
    assertEquals("application/zip", got.header("Content-Type"));
    assertArrayEquals(bytes, got.body());

    assertEquals(200, FileClient.at(second.config().port()).asMaster().delete(name).status());
    String onFirst = "http://127.0.0.1:" + first.config().port() + "/parse/files/" + TestNodes.APP_ID + "/" + name;
    assertEquals(404, FileClient.at(first.config().port()).fetch("GET", onFirst).status());
  }
}
