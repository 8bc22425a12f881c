package dev.parsec.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain HTTP client for the Parse REST API, sending what the SDKs send. */
public final class Api {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private Api(String base) {
    this.base = base;
  }

  /** A client of the node's API at http://127.0.0.1:port/parse with the test application id. */
  public static Api at(int port) {
    return new Api("http://127.0.0.1:" + port).header("X-Parse-Application-Id", TestNodes.APP_ID);
  }

  public Api header(String name, String value) {
    Api copy = new Api(base);
    copy.headers.putAll(headers);
    if (value == null) {
      copy.headers.remove(name);
    } else {
      copy.headers.put(name, value);
    }
    return copy;
  }

  public Api asMaster() {
    return header("X-Parse-Master-Key", TestNodes.MASTER_KEY);
  }

  public Response get(String path) {
    return send("GET", path, null, "application/json");
  }

  public Response get(String path, Map<String, String> query) {
    StringBuilder q = new StringBuilder();
    query.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return get(path + q);
  }

  /** Polls /ready until it answers 200 (a cluster is ready once its partitions are safe), for at most 30 seconds. */
  public Response awaitReady() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Response ready = get("/ready");
    while (ready.status() != 200 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      ready = get("/ready");
    }
    return ready;
  }

  public Response post(String path, JsonObject body) {
    return send("POST", path, body.encode(), "application/json");
  }

  public Response put(String path, JsonObject body) {
    return send("PUT", path, body.encode(), "application/json");
  }

  public Response delete(String path) {
    return send("DELETE", path, null, "application/json");
  }

  /** What the JS SDK sends: every call a POST of text/plain JSON carrying _method and the keys. */
  public Response postRaw(String path, String body, String contentType) {
    return send("POST", path, body, contentType);
  }

  public Response send(String method, String path, String body, String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null),
          response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record Response(int status, String text, String location, java.net.http.HttpHeaders headers) {
    public JsonObject json() {
      return new JsonObject(text);
    }

    public io.vertx.core.json.JsonArray jsonArray() {
      return new io.vertx.core.json.JsonArray(text);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }
}
