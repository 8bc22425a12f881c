package dev.parsec.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What an app sees of /files, whichever store holds the bytes; each subclass names its adapter. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilesApiContract {

  static final int MAX_SIZE = 8 * 1024 * 1024;

  Node node;
  DatabaseUrl database;
  FileClient master;
  FileClient client;

  /** The settings that choose the store (files_adapter and its own keys). */
  abstract Map<String, String> storeSettings();

  /** How many files the store holds, complete or not, read straight from storage. */
  abstract long storedFiles();

  @BeforeAll
  void startNode() {
    database = TestDatabases.fresh();
    Map<String, String> settings = TestNodes.settings(database);
    settings.putAll(storeSettings());
    settings.put("file_max_size", "8mb");
    node = TestNodes.start(settings);
    client = FileClient.at(node.config().port());
    master = client.asMaster();
  }

  @AfterAll
  void stopNode() {
    node.stop();
  }

  static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  FileClient.Reply uploaded(String name, byte[] bytes, String contentType) {
    FileClient.Reply reply = master.upload(name, bytes, contentType);
    assertEquals(201, reply.status(), reply.toString());
    return reply;
  }

  @Test
  @DisplayName("a 5 MB file uploaded raw comes back byte for byte, with its content type and caching headers")
  void roundTrip() {
    byte[] bytes = randomBytes(5 * 1024 * 1024);
    FileClient.Reply created = uploaded("photo.jpg", bytes, "image/jpeg");
    JsonObject answer = created.json();
    String name = answer.getString("name");
    assertTrue(name.matches("[0-9a-f]{32}_photo\\.jpg"), name);
    assertEquals(node.config().serverUrl() + "/files/" + TestNodes.APP_ID + "/" + name, answer.getString("url"));
    assertEquals(answer.getString("url"), created.header("Location"));

    FileClient.Reply got = client.fetch("GET", localUrl(answer));
    assertEquals(200, got.status());
    assertArrayEquals(bytes, got.body());
    assertEquals("image/jpeg", got.header("Content-Type"));
    assertEquals(String.valueOf(bytes.length), got.header("Content-Length"));
    assertEquals("public, max-age=31536000, immutable", got.header("Cache-Control"));
    assertTrue(got.header("ETag").matches("\"[0-9a-f]{32}\""), got.header("ETag"));
    assertTrue(got.header("Last-Modified").endsWith("GMT"), got.header("Last-Modified"));
  }

  @Test
  @DisplayName("If-None-Match with the ETag and If-Modified-Since the Last-Modified answer 304 with no body")
  void conditionalRequests() {
    JsonObject file = uploaded("notes.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain").json();
    FileClient.Reply first = client.fetch("GET", localUrl(file));
    FileClient.Reply byTag = client.fetch("GET", localUrl(file), "If-None-Match", first.header("ETag"));
    assertEquals(304, byTag.status());
    assertEquals(0, byTag.body().length);
    FileClient.Reply byDate = client.fetch("GET", localUrl(file), "If-Modified-Since", first.header("Last-Modified"));
    assertEquals(304, byDate.status());
    FileClient.Reply otherTag = client.fetch("GET", localUrl(file), "If-None-Match", "\"other\"");
    assertEquals(200, otherTag.status());
    assertEquals("hello", new String(otherTag.body(), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a Range is answered 206 with those bytes and Content-Range; one beyond the end 416")
  void ranges() {
    byte[] bytes = randomBytes(600 * 1024);
    String url = localUrl(uploaded("clip.mp4", bytes, "video/mp4").json());
    // across the first chunk boundary of the PostgreSQL store (256 KB)
    FileClient.Reply middle = client.fetch("GET", url, "Range", "bytes=262000-262999");
    assertEquals(206, middle.status());
    assertEquals("bytes 262000-262999/" + bytes.length, middle.header("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(bytes, 262000, 263000), middle.body());
    FileClient.Reply tail = client.fetch("GET", url, "Range", "bytes=-100");
    assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 100, bytes.length), tail.body());
    FileClient.Reply open = client.fetch("GET", url, "Range", "bytes=600000-");
    assertArrayEquals(Arrays.copyOfRange(bytes, 600000, bytes.length), open.body());
    FileClient.Reply beyond = client.fetch("GET", url, "Range", "bytes=999999-");
    assertEquals(416, beyond.status());
    assertEquals("bytes */" + bytes.length, beyond.header("Content-Range"));
  }

  @Test
  @DisplayName("several ranges are answered 206 multipart/byteranges; overlapping ones merged; too many ignored")
  void multipleRanges() {
    byte[] bytes = randomBytes(300 * 1024);
    String url = localUrl(uploaded("parts.bin", bytes, "application/octet-stream").json());
    FileClient.Reply parts = client.fetch("GET", url, "Range", "bytes=0-9,262140-262149");
    assertEquals(206, parts.status());
    String type = parts.header("Content-Type");
    assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
    String boundary = type.substring(type.indexOf('=') + 1);
    assertEquals(String.valueOf(parts.body().length), parts.header("Content-Length"));
    byte[] body = parts.body();
    String text = new String(body, StandardCharsets.ISO_8859_1);
    int first = text.indexOf("Content-Range: bytes 0-9/" + bytes.length + "\r\n\r\n");
    int second = text.indexOf("Content-Range: bytes 262140-262149/" + bytes.length + "\r\n\r\n");
    assertTrue(first > 0 && second > first, text.substring(0, Math.min(text.length(), 300)));
    int firstBytes = first + ("Content-Range: bytes 0-9/" + bytes.length + "\r\n\r\n").length();
    int secondBytes = second + ("Content-Range: bytes 262140-262149/" + bytes.length + "\r\n\r\n").length();
    assertArrayEquals(Arrays.copyOfRange(bytes, 0, 10), Arrays.copyOfRange(body, firstBytes, firstBytes + 10));
    assertArrayEquals(Arrays.copyOfRange(bytes, 262140, 262150), Arrays.copyOfRange(body, secondBytes, secondBytes + 10));
    assertTrue(text.endsWith("\r\n--" + boundary + "--\r\n"));

    FileClient.Reply overlapping = client.fetch("GET", url, "Range", "bytes=0-9,5-19");
    assertEquals(206, overlapping.status());
    assertEquals("bytes 0-19/" + bytes.length, overlapping.header("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(bytes, 0, 20), overlapping.body());

    StringBuilder many = new StringBuilder("bytes=");
    for (int i = 0; i < 20; i++) {
      many.append(i == 0 ? "" : ",").append(i * 100).append('-').append(i * 100 + 9);
    }
    FileClient.Reply ignored = client.fetch("GET", url, "Range", many.toString());
    assertEquals(200, ignored.status());
    assertEquals(bytes.length, ignored.body().length);
  }

  @Test
  @DisplayName("HEAD answers the headers of a GET and no body")
  void head() {
    String url = localUrl(uploaded("data.bin", randomBytes(1000), "application/octet-stream").json());
    FileClient.Reply head = client.fetch("HEAD", url);
    assertEquals(200, head.status());
    assertEquals("1000", head.header("Content-Length"));
    assertEquals("application/octet-stream", head.header("Content-Type"));
    assertEquals(0, head.body().length);
  }

  @Test
  @DisplayName("an unknown file is 404 File not found.")
  void unknown() {
    FileClient.Reply missing = client.fetch("GET", localBase() + "0123456789abcdef0123456789abcdef_none.txt");
    assertEquals(404, missing.status());
    assertEquals("File not found.", new String(missing.body(), StandardCharsets.UTF_8));
    assertEquals(404, client.fetch("GET", localBase() + "..%2F..%2Fmaster.key").status());
  }

  @Test
  @DisplayName("DELETE needs the master key; then the file is gone")
  void deleteNeedsMasterKey() {
    String name = uploaded("old.txt", "bye".getBytes(StandardCharsets.UTF_8), "text/plain").json().getString("name");
    FileClient.Reply refused = client.delete(name);
    assertEquals(403, refused.status(), refused.toString());
    assertEquals(200, client.fetch("GET", localBase() + name).status());
    assertEquals(200, master.delete(name).status());
    assertEquals(404, client.fetch("GET", localBase() + name).status());
    FileClient.Reply again = master.delete(name);
    assertEquals(400, again.status());
    assertEquals(153, again.json().getInteger("code"));
  }

  @Test
  @DisplayName("an upload without a session is refused by default; with a session token it is accepted")
  void publicUploadRefused() {
    FileClient.Reply anonymous = client.upload("a.txt", "x".getBytes(StandardCharsets.UTF_8), "text/plain");
    assertEquals(400, anonymous.status());
    assertEquals(130, anonymous.json().getInteger("code"));
    assertEquals("File upload by public is disabled.", anonymous.json().getString("error"));
    FileClient.Reply signedIn = client.header("X-Parse-Session-Token", dev.parsec.support.TestUsers.signUp(node.config().port()))
        .upload("a.txt", "x".getBytes(StandardCharsets.UTF_8), "text/plain");
    assertEquals(201, signedIn.status(), signedIn.toString());
  }

  @Test
  @DisplayName("an upload beyond file_max_size is refused 413 and leaves nothing stored")
  void oversizedRefused() {
    long before = storedFiles();
    FileClient.Reply tooBig = master.upload("big.bin", randomBytes(MAX_SIZE + 1), "application/octet-stream");
    assertEquals(413, tooBig.status(), tooBig.toString());
    assertEquals(130, tooBig.json().getInteger("code"));
    assertEquals(before, storedFiles());
  }

  @Test
  @DisplayName("an upload sent chunked, with no length, is stored whole; one growing beyond the limit stores nothing")
  void chunkedUploads() {
    byte[] bytes = randomBytes(3 * 1024 * 1024 + 5);
    FileClient.Reply created = master.uploadChunked("streamed.bin", bytes, "application/octet-stream");
    assertEquals(201, created.status(), created.toString());
    FileClient.Reply got = client.fetch("GET", localUrl(created.json()));
    assertArrayEquals(bytes, got.body());

    long before = storedFiles();
    FileClient.Reply tooBig = master.uploadChunked("big.bin", randomBytes(MAX_SIZE + 1), "application/octet-stream");
    assertEquals(413, tooBig.status(), tooBig.toString());
    assertEquals(130, tooBig.json().getInteger("code"));
    assertEquals(before, storedFiles());
  }

  @Test
  @DisplayName("HTML and SVG are refused for clients (by extension or content type), as Parse Server refuses HTML")
  void deniedExtensions() {
    FileClient signedIn = client.header("X-Parse-Session-Token", dev.parsec.support.TestUsers.signUp(node.config().port()));
    FileClient.Reply html = signedIn.upload("page.html", "<b>x</b>".getBytes(StandardCharsets.UTF_8), "text/html");
    assertEquals(400, html.status());
    assertEquals(130, html.json().getInteger("code"));
    assertEquals("File upload of extension html is disabled.", html.json().getString("error"));
    FileClient.Reply svg = signedIn.upload("image.png", "<svg/>".getBytes(StandardCharsets.UTF_8), "image/svg+xml");
    assertEquals(400, svg.status(), svg.toString());
    FileClient.Reply badName = signedIn.upload("..secret", "x".getBytes(StandardCharsets.UTF_8), "text/plain");
    assertEquals(122, badName.json().getInteger("code"));
  }

  @Test
  @DisplayName("the JS SDK's form (a text/plain JSON body with base64) is stored, and a File field round-trips")
  void sdkForm() {
    byte[] bytes = "hello from the SDK".getBytes(StandardCharsets.UTF_8);
    JsonObject body = new JsonObject().put("base64", Base64.getEncoder().encodeToString(bytes))
        .put("_ContentType", "text/plain").put("fileData", new JsonObject())
        .put("_ApplicationId", TestNodes.APP_ID).put("_MasterKey", TestNodes.MASTER_KEY);
    Api api = Api.at(node.config().port()).header("X-Parse-Application-Id", null);
    Api.Response created = api.postRaw("/parse/files/hello.txt", body.encode(), "text/plain");
    assertEquals(201, created.status(), created.text());
    JsonObject file = created.json();
    FileClient.Reply got = client.fetch("GET", localUrl(file));
    assertArrayEquals(bytes, got.body());
    assertEquals("text/plain", got.header("Content-Type"));

    Api master = Api.at(node.config().port()).asMaster();
    Api.Response saved = master.post("/parse/classes/Doc", new JsonObject()
        .put("attachment", new JsonObject().put("__type", "File").put("name", file.getString("name"))));
    assertEquals(201, saved.status(), saved.text());
    JsonObject read = master.get("/parse/classes/Doc/" + saved.json().getString("objectId")).json().getJsonObject("attachment");
    assertEquals(new JsonObject().put("__type", "File").put("name", file.getString("name")).put("url", file.getString("url")), read);
  }

  String localBase() {
    return "http://127.0.0.1:" + node.config().port() + "/parse/files/" + TestNodes.APP_ID + "/";
  }

  /** The answer's url, reached on 127.0.0.1 (the configured server URL names localhost). */
  String localUrl(JsonObject file) {
    return localBase() + file.getString("name");
  }
}
