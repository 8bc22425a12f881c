package dev.parsec.hooks;

import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Calls a hook as Parse Server does: a POST of the JSON payload with X-Parse-Webhook-Key, answered
 * {"success": value} or {"error": message} (or {"error": {"code", "message"}}). Every other outcome
 * (no answer in time, no connection, not JSON) is a clear error naming the hook, never a hang.
 */
public final class Webhooks {

  /** Parse's SCRIPT_FAILED and TIMEOUT. */
  private static final int SCRIPT_FAILED = 141;
  private static final int TIMEOUT = 124;

  private final WebClient client;
  private final Optional<String> key;
  private final Duration timeout;

  public Webhooks(Vertx vertx, Optional<String> key, Duration timeout) {
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setUserAgent("Parsec")
        .setKeepAlive(true));
    this.key = key;
    this.timeout = timeout;
  }

  /** The hook's success value (null when it answered none). @param what names the hook in errors */
  public Future<Object> call(String url, String what, JsonObject payload) {
    HttpRequest<Buffer> request = client.postAbs(url).putHeader("Content-Type", "application/json");
    key.ifPresent(secret -> request.putHeader("X-Parse-Webhook-Key", secret));
    return request.sendBuffer(payload.toBuffer())
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(failure.getClass().getSimpleName().contains("Timeout")
            ? new ParseException(TIMEOUT, "The webhook of " + what + " did not answer within " + timeout.toSeconds() + " s.")
            : new ParseException(SCRIPT_FAILED, "The webhook of " + what + " could not be reached: " + failure.getMessage())))
        .compose(response -> answer(what, response));
  }

  private static Future<Object> answer(String what, HttpResponse<Buffer> response) {
    JsonObject body;
    try {
      body = response.body() == null ? new JsonObject() : response.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(new ParseException(SCRIPT_FAILED, "The webhook of " + what + " answered malformed JSON."));
    }
    Object error = body.getValue("error");
    if (error instanceof JsonObject detailed) {
      return Future.failedFuture(new ParseException(detailed.getInteger("code", SCRIPT_FAILED),
          detailed.getString("message", detailed.getString("error", "The webhook of " + what + " failed."))));
    }
    if (error != null) {
      return Future.failedFuture(new ParseException(SCRIPT_FAILED, String.valueOf(error)));
    }
    if (!body.containsKey("success") && response.statusCode() / 100 != 2) {
      return Future.failedFuture(new ParseException(SCRIPT_FAILED, "The webhook of " + what + " answered HTTP " + response.statusCode() + "."));
    }
    return Future.succeededFuture(body.getValue("success"));
  }
}
