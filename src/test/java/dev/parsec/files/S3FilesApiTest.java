package dev.parsec.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parsec.files.s3.S3FileStore;
import dev.parsec.node.Node;
import dev.parsec.support.LocalS3Server;
import dev.parsec.support.TestNodes;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("/files on an S3 bucket (files_adapter: s3), against a local S3 server that checks signatures")
class S3FilesApiTest extends FilesApiContract {

  private final LocalS3Server s3 = new LocalS3Server();

  @Override
  Map<String, String> storeSettings() {
    return s3.settings();
  }

  @Override
  long storedFiles() {
    return s3.objects();
  }

  @Override
  FileStore sameStorage() {
    return new S3FileStore(node.vertx(), node.config().files().s3().orElseThrow(), node.config().dataDir().resolve("test-spool"));
  }

  @AfterAll
  void stopS3() {
    s3.close();
  }

  @Test
  @DisplayName("the file is an object of the bucket, and a second node on the bucket serves it")
  void sharedByNodes() {
    byte[] bytes = randomBytes(300_000);
    long before = storedFiles();
    String name = uploaded("shared.bin", bytes, "application/zip").json().getString("name");
    assertEquals(before + 1, storedFiles());
    Map<String, String> settings = TestNodes.settings(database);
    settings.putAll(s3.settings());
    Node second = TestNodes.start(settings);
    try {
      String url = "http://127.0.0.1:" + second.config().port() + "/parse/files/" + TestNodes.APP_ID + "/" + name;
      FileClient.Reply got = FileClient.at(second.config().port()).fetch("GET", url);
      assertEquals(200, got.status());
      assertEquals("application/zip", got.header("Content-Type"));
      assertArrayEquals(bytes, got.body());
    } finally {
      second.stop();
    }
  }

  @Test
  @DisplayName("a node with a wrong secret key is refused by S3: the upload answers 130 and nothing is stored")
  void wrongSecretKey() {
    Map<String, String> settings = TestNodes.settings(database);
    Map<String, String> wrong = new HashMap<>(s3.settings());
    wrong.put("s3_secret_key", "not-the-secret-key");
    settings.putAll(wrong);
    Node forger = TestNodes.start(settings);
    try {
      long before = storedFiles();
      FileClient.Reply refused = FileClient.at(forger.config().port()).asMaster()
          .upload("forged.bin", randomBytes(1000), "application/octet-stream");
      assertEquals(130, refused.json().getInteger("code"), refused.toString());
      assertEquals("Could not store file.", refused.json().getString("error"));
      assertEquals(before, storedFiles());
    } finally {
      forger.stop();
    }
  }
}
