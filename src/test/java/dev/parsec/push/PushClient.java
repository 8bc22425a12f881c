package dev.parsec.push;

import dev.parsec.support.TestNodes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** POST /push as the REST API's callers send it, with the answer's X-Parse-Push-Status-Id. */
final class PushClient {

  record Answer(int status, JsonObject body, String pushStatusId) {
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private PushClient() {
  }

  static Answer push(int port, JsonObject body, boolean master) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/parse/push"))
        .header("X-Parse-Application-Id", TestNodes.APP_ID)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (master) {
      request.header("X-Parse-Master-Key", TestNodes.MASTER_KEY);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), new JsonObject(response.body()),
          response.headers().firstValue("X-Parse-Push-Status-Id").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
