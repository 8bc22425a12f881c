package dev.parsec.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.config.DatabaseUrl;
import dev.parsec.node.Node;
import dev.parsec.support.Api;
import dev.parsec.support.TestDatabases;
import dev.parsec.support.TestNodes;
import dev.parsec.support.TestUsers;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /**
   * Another instance of the node's store, on the same storage: what it saves skips the API's checks,
   * as the files an older Parsec stored did.
   */
  abstract FileStore sameStorage();

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
    // saved on Windows, "page.html." loses its trailing dot and opens as a page
    FileClient.Reply trailingDot = signedIn.upload("page.html.", "<b>x</b>".getBytes(StandardCharsets.UTF_8), "text/plain");
    assertEquals(130, trailingDot.json().getInteger("code"), trailingDot.toString());
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

  // Content types: one well-formed media type per upload, none a browser runs; downloads that run nothing

  static final String CSP = "default-src 'none'; sandbox";
  static final byte[] SCRIPT = "<script>alert(document.cookie)</script>".getBytes(StandardCharsets.UTF_8);

  private String userToken;

  /** The session token of a user signed up once for these tests: a client, not the master key. */
  String userToken() {
    if (userToken == null) {
      userToken = TestUsers.signUp(node.config().port());
    }
    return userToken;
  }

  FileClient user() {
    return client.header("X-Parse-Session-Token", userToken());
  }

  /** The JS SDK's upload: text/plain JSON with the keys, the base64 bytes and _ContentType (left out when null). */
  Api.Response sdkUpload(String fileName, Object contentType, JsonObject keys) {
    JsonObject body = keys.copy().put("_ApplicationId", TestNodes.APP_ID)
        .put("base64", Base64.getEncoder().encodeToString(SCRIPT));
    if (contentType != null) {
      body.put("_ContentType", contentType);
    }
    return Api.at(node.config().port()).header("X-Parse-Application-Id", null)
        .postRaw("/parse/files/" + fileName, body.encode(), "text/plain");
  }

  JsonObject asUser() {
    return new JsonObject().put("_SessionToken", userToken());
  }

  void assertRefused(int status, JsonObject answer, long storedBefore) {
    assertEquals(400, status, answer.encode());
    assertEquals(130, answer.getInteger("code"), answer.encode());
    assertNull(answer.getString("url"), answer.encode());
    assertEquals(storedBefore, storedFiles(), "nothing stored");
  }

  /** What keeps a download from running in the browser: no sniffing, a CSP that runs nothing, and how it is shown. */
  static void assertServedSafely(FileClient.Reply reply, String disposition) {
    assertEquals("nosniff", reply.header("X-Content-Type-Options"), reply.status() + " X-Content-Type-Options");
    assertEquals(CSP, reply.header("Content-Security-Policy"), reply.status() + " Content-Security-Policy");
    assertEquals(disposition, reply.header("Content-Disposition"), reply.status() + " Content-Disposition");
  }

  static String attachment(String fileName) {
    return "attachment; filename=\"" + fileName + "\"; filename*=UTF-8''" + fileName;
  }

  /** Saves a file straight to the store, past the API, as an older Parsec might have; answers its stored name. */
  String storedAsBefore(String fileName, String contentType, byte[] bytes) throws Exception {
    String name = FileNames.unique(fileName);
    Context context = node.vertx().getOrCreateContext();
    CompletableFuture<FileInfo> saved = new CompletableFuture<>();
    context.runOnContext(v -> sameStorage()
        .save(name, contentType, new UploadStream(new BufferStream(context, Buffer.buffer(bytes)), bytes.length, MAX_SIZE))
        .onSuccess(saved::complete).onFailure(saved::completeExceptionally));
    saved.get(30, TimeUnit.SECONDS);
    return name;
  }

  @ParameterizedTest(name = "Content-Type: {0}")
  @ValueSource(strings = {
      "text/plain,text/html", "text/plain, text/html", "text/plain text/html", "text/html", "TEXT/HTML",
      "text/html; charset=utf-8", "application/rss+xml", "application/atom+xml", "image/svg+xml",
      "application/xhtml+xml", "text/xml", "application/xml", "text/xsl", "text/javascript", "application/javascript",
      "application/ecmascript", "application/x-shockwave-flash", "multipart/x-mixed-replace; boundary=x",
      "text/", "/plain", "text", "text/plain;charset", "text/plain; charset=\"utf-8", "text/plain; a=1; A=2", "*/*"})
  @DisplayName("a user's upload whose Content-Type is not one media type, or is one a browser runs, is 130 and stores nothing, whatever the name")
  void refusedTypes(String contentType) {
    long before = storedFiles();
    FileClient.Reply refused = user().upload("note.txt", SCRIPT, contentType);
    assertRefused(refused.status(), refused.json(), before);
  }

  @ParameterizedTest(name = "_ContentType: {0}")
  @ValueSource(strings = {
      "text/plain,text/html", "application/rss+xml", "image/svg+xml", "text/html; charset=utf-8", "text/",
      "text/plain\ntext/html", "text/plain\r\nContent-Disposition: inline", "text/plain\u0000", "text/plain; charset=\"x\u0007\"",
      "text/plain\u00a0", "tëxt/plain"})
  @DisplayName("the JS SDK's _ContentType is checked the same way")
  void refusedSdkTypes(String contentType) {
    long before = storedFiles();
    Api.Response refused = sdkUpload("note.txt", contentType, asUser());
    assertRefused(refused.status(), refused.json(), before);
  }

  @Test
  @DisplayName("the answer says why: a list is not a content type; an RSS feed is a type browsers run, whatever the name")
  void refusalMessages() {
    assertEquals("Invalid content type.", user().upload("note.txt", SCRIPT, "text/plain,text/html").json().getString("error"));
    assertEquals("File upload of content type application/rss+xml is disabled.",
        user().upload("note.txt", SCRIPT, "application/rss+xml").json().getString("error"));
    assertEquals("File upload of content type application/atom+xml is disabled.",
        sdkUpload("photo.jpg", "Application/Atom+XML; charset=utf-8", asUser()).json().getString("error"));
  }

  @Test
  @DisplayName("two Content-Type fields are a list: refused, nothing stored")
  void twoContentTypeFields() {
    long before = storedFiles();
    FileClient.Reply refused = user().uploadWithTypeFields("note.txt", SCRIPT, "text/plain", "text/html");
    assertRefused(refused.status(), refused.json(), before);
    assertEquals("Invalid content type.", refused.json().getString("error"));
  }

  @Test
  @DisplayName("a _ContentType that is not a string is refused")
  void sdkTypeNotAString() {
    long before = storedFiles();
    Api.Response refused = sdkUpload("note.txt", new JsonArray().add("text/plain").add("text/html"), asUser());
    assertRefused(refused.status(), refused.json(), before);
  }

  @Test
  @DisplayName("with no type sent, the one the name suggests is checked too: app.js and feed.rss are refused, notes.txt is text/plain")
  void guessedTypes() {
    long before = storedFiles();
    FileClient.Reply script = user().upload("app.js", SCRIPT, null);
    assertRefused(script.status(), script.json(), before);
    assertEquals("File upload of content type text/javascript is disabled.", script.json().getString("error"));
    FileClient.Reply feed = user().upload("feed.rss", SCRIPT, null);
    assertRefused(feed.status(), feed.json(), before);
    Api.Response sdkScript = sdkUpload("app.js", null, asUser());
    assertRefused(sdkScript.status(), sdkScript.json(), before);

    FileClient.Reply text = user().upload("notes.txt", SCRIPT, null);
    assertEquals(201, text.status(), text.toString());
    assertEquals("text/plain", client.fetch("GET", localUrl(text.json())).header("Content-Type"));
  }

  @Test
  @DisplayName("an allowed type is stored and served normalized: lower case, of its parameters only the charset")
  void normalizedTypes() {
    FileClient.Reply text = user().upload("notes.txt", SCRIPT, "Text/Plain; Format=flowed; CHARSET=\"UTF-8\"");
    assertEquals(201, text.status(), text.toString());
    assertEquals("text/plain; charset=utf-8", client.fetch("GET", localUrl(text.json())).header("Content-Type"));
    FileClient.Reply image = user().upload("dot.png", randomBytes(100), "IMAGE/PNG");
    assertEquals(201, image.status(), image.toString());
    assertEquals("image/png", client.fetch("GET", localUrl(image.json())).header("Content-Type"));
    Api.Response video = sdkUpload("clip.mp4", "Video/MP4; codecs=\"avc1.42E01E, mp4a.40.2\"", asUser());
    assertEquals(201, video.status(), video.text());
    assertEquals("video/mp4", client.fetch("GET", localUrl(video.json())).header("Content-Type"));
  }

  @Test
  @DisplayName("the master key may upload a type browsers run, but never one that is not a media type")
  void masterKeyTypes() {
    long before = storedFiles();
    FileClient.Reply list = master.upload("note.txt", SCRIPT, "text/plain,text/html");
    assertRefused(list.status(), list.json(), before);
    Api.Response injected = sdkUpload("note.txt", "text/plain\r\nContent-Disposition: inline",
        new JsonObject().put("_MasterKey", TestNodes.MASTER_KEY));
    assertRefused(injected.status(), injected.json(), before);
    assertEquals(201, master.upload("feed.xml", SCRIPT, "application/rss+xml").status());
  }

  @Test
  @DisplayName("images, audio, video and plain text are shown inline, with nosniff and the CSP, on GET and HEAD")
  void inlineDownloads() {
    String[][] files = {{"photo.png", "image/png"}, {"photo.jpg", "image/jpeg"}, {"notes.txt", "text/plain"},
        {"clip.mp4", "video/mp4"}, {"song.mp3", "audio/mpeg"}};
    for (String[] file : files) {
      String url = localUrl(user().upload(file[0], randomBytes(100), file[1]).json());
      for (String method : new String[] {"GET", "HEAD"}) {
        FileClient.Reply got = client.fetch(method, url);
        assertEquals(200, got.status(), method + " " + file[0]);
        assertEquals(file[1], got.header("Content-Type"));
        assertServedSafely(got, null);
      }
    }
  }

  @Test
  @DisplayName("any other type is saved as an attachment under its uploaded name: PDF, JSON, CSS, bytes")
  void attachmentDownloads() {
    String[][] files = {{"report.pdf", "application/pdf"}, {"data.json", "application/json"}, {"site.css", "text/css"},
        {"blob.bin", "application/octet-stream"}};
    for (String[] file : files) {
      String url = localUrl(user().upload(file[0], randomBytes(100), file[1]).json());
      for (String method : new String[] {"GET", "HEAD"}) {
        FileClient.Reply got = client.fetch(method, url);
        assertEquals(200, got.status(), method + " " + file[0]);
        assertServedSafely(got, attachment(file[0]));
      }
    }
    String odd = localUrl(user().upload("me@home.pdf", randomBytes(10), "application/pdf").json());
    assertEquals("attachment; filename=\"me@home.pdf\"; filename*=UTF-8''me%40home.pdf",
        client.fetch("GET", odd).header("Content-Disposition"));
  }

  @Test
  @DisplayName("a page the master key uploaded is never shown: 200, HEAD, 304, 206, multipart 206 and 416 all make it an attachment with the CSP")
  void masterUploadedPage() {
    String url = localUrl(uploaded("page.html", SCRIPT, "text/html").json());
    FileClient.Reply got = client.fetch("GET", url);
    assertEquals(200, got.status());
    assertEquals("text/html", got.header("Content-Type"));
    assertArrayEquals(SCRIPT, got.body());
    String page = attachment("page.html");
    assertServedSafely(got, page);
    assertServedSafely(client.fetch("HEAD", url), page);
    FileClient.Reply notModified = client.fetch("GET", url, "If-None-Match", got.header("ETag"));
    assertEquals(304, notModified.status());
    assertServedSafely(notModified, page);
    FileClient.Reply range = client.fetch("GET", url, "Range", "bytes=0-7");
    assertEquals(206, range.status());
    assertServedSafely(range, page);
    FileClient.Reply parts = client.fetch("GET", url, "Range", "bytes=0-1,10-11");
    assertEquals(206, parts.status());
    assertTrue(parts.header("Content-Type").startsWith("multipart/byteranges"), parts.header("Content-Type"));
    assertServedSafely(parts, page);
    assertServedSafely(client.fetch("HEAD", url, "Range", "bytes=0-1,10-11"), page);
    FileClient.Reply beyond = client.fetch("GET", url, "Range", "bytes=9999-");
    assertEquals(416, beyond.status());
    assertServedSafely(beyond, page);
  }

  @Test
  @DisplayName("files stored before types were checked are served safely: a list as application/octet-stream, HTML and SVG as attachments")
  void filesStoredBefore() throws Exception {
    FileClient.Reply list = client.fetch("GET", localBase() + storedAsBefore("old.txt", "text/plain,text/html", SCRIPT));
    assertEquals(200, list.status());
    assertEquals("application/octet-stream", list.header("Content-Type"));
    assertServedSafely(list, attachment("old.txt"));
    FileClient.Reply page = client.fetch("GET", localBase() + storedAsBefore("old.html", "TEXT/HTML", SCRIPT));
    assertEquals("text/html", page.header("Content-Type"));
    assertServedSafely(page, attachment("old.html"));
    String svg = localBase() + storedAsBefore("logo.png", "image/svg+xml", "<svg onload='alert(1)'/>".getBytes(StandardCharsets.UTF_8));
    FileClient.Reply image = client.fetch("GET", svg);
    assertEquals("image/svg+xml", image.header("Content-Type"));
    assertServedSafely(image, attachment("logo.png"));
    FileClient.Reply part = client.fetch("GET", svg, "Range", "bytes=0-3,6-9");
    assertEquals(206, part.status());
    assertFalse(new String(part.body(), StandardCharsets.ISO_8859_1).contains("Content-Type: text/html"));
    assertServedSafely(part, attachment("logo.png"));
  }

  String localBase() {
    return "http://127.0.0.1:" + node.config().port() + "/parse/files/" + TestNodes.APP_ID + "/";
  }

  /** The answer's url, reached on 127.0.0.1 (the configured server URL names localhost). */
  String localUrl(JsonObject file) {
    return localBase() + file.getString("name");
  }
}
