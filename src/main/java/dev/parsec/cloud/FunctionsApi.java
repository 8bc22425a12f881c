package dev.parsec.cloud;

import dev.parsec.api.ApiRoutes;
import dev.parsec.api.ApiRoutes.Method;
import dev.parsec.api.ParseRequest;
import dev.parsec.api.Reply;
import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * POST /functions/{name} (Parse.Cloud.run): the call goes over the clustered event bus to a worker of
 * any node that has the function, with the caller's params, user, master key and installation, and
 * the function's result comes back as {"result": ...}.
 */
public final class FunctionsApi {

  private static final int TIMEOUT = 124;

  private final Vertx vertx;
  private final Duration timeout;

  public FunctionsApi(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeout = timeout;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.POST, "/functions/:name", this::run);
  }

  private Future<Reply> run(ParseRequest request) {
    String name = request.path("name");
    JsonObject call = new JsonObject().put("params", request.body()).put("userId", request.userId())
        .put("master", request.master()).put("installationId", request.installationId());
    return vertx.eventBus().<JsonObject>request(FunctionRunner.ADDRESS + name, call,
            new DeliveryOptions().setSendTimeout(timeout.toMillis()))
        .map(reply -> Reply.ok(reply.body()))
        .recover(failure -> Future.failedFuture(failure instanceof ReplyException reply ? switch (reply.failureType()) {
          case NO_HANDLERS -> new ParseException(FunctionRunner.SCRIPT_FAILED, "Invalid function: \"" + name + "\"");
          case TIMEOUT -> new ParseException(TIMEOUT, "Function " + name + " did not answer within " + timeout.toSeconds() + " s.");
          default -> new ParseException(FunctionRunner.SCRIPT_FAILED, reply.getMessage());
        } : failure));
  }
}
