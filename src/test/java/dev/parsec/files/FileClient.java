package dev.parsec.files;

import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Uploads and downloads bytes as an app does, with the test application id. */
final class FileClient {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private FileClient(String base, Map<String, String> headers) {
    this.base = base;
    this.headers.putAll(headers);
  }

  static FileClient at(int port) {
    return new FileClient("http://127.0.0.1:" + port + "/parse", Map.of("X-Parse-Application-Id", TestNodes.APP_ID));
  }

  FileClient header(String name, String value) {
    FileClient copy = new FileClient(base, headers);
    copy.headers.put(name, value);
    return copy;
  }

  FileClient asMaster() {
    return header("X-Parse-Master-Key", TestNodes.MASTER_KEY);
  }

  Reply upload(String fileName, byte[] bytes, String contentType) {
    return upload(fileName, HttpRequest.BodyPublishers.ofByteArray(bytes), contentType);
  }

  /** An upload sent chunked, without a Content-Length, as a client streaming from a pipe sends it. */
  Reply uploadChunked(String fileName, byte[] bytes, String contentType) {
    return upload(fileName, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)), contentType);
  }

  /** An upload with one Content-Type header field per type given. */
  Reply uploadWithTypeFields(String fileName, byte[] bytes, String... contentTypes) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/files/" + fileName))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    for (String contentType : contentTypes) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  private Reply upload(String fileName, HttpRequest.BodyPublisher body, String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/files/" + fileName)).POST(body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  /** A GET (or another method) of a file URL, with extra request headers. */
  Reply fetch(String method, String url, String... extraHeaders) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < extraHeaders.length; i += 2) {
      request.header(extraHeaders[i], extraHeaders[i + 1]);
    }
    return send(request);
  }

  Reply delete(String name) {
    return send(HttpRequest.newBuilder(URI.create(base + "/files/" + name)).DELETE());
  }

  private Reply send(HttpRequest.Builder request) {
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Reply(int status, byte[] body, HttpResponse<byte[]> response) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    JsonObject json() {
      return new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return status + " " + new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
