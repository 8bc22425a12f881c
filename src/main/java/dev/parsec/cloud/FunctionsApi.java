package dev.parsec.cloud;

import dev.parsec.access.CallerJson;
import dev.parsec.error.ParseException;
import dev.parsec.hooks.HookStore;
import dev.parsec.hooks.Webhooks;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
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
  private final HookStore hooks;
  private final Webhooks webhooks;

  /** Functions of cloud code modules, or webhooks (Parse Hooks), which take precedence. */
  public FunctionsApi(Vertx vertx, Duration timeout, HookStore hooks, Webhooks webhooks) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.hooks = hooks;
    this.webhooks = webhooks;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.POST, "/functions/:name", this::run);
  }

  private Future<Reply> run(ParseRequest request) {
    String name = request.path("name");
    return hooks.functionUrl(name).compose(url -> url == null ? runModule(request, name)
        : webhooks.call(url, "function " + name, new JsonObject().put("functionName", name).put("params", request.body())
            .put("master", request.master()).put("installationId", request.installationId())
            .put("user", Webhooks.user(request.userId())))
            .map(result -> Reply.ok(new JsonObject().put("result", result))));
  }

  private Future<Reply> runModule(ParseRequest request, String name) {
    JsonObject call = new JsonObject().put("params", request.body()).put("userId", request.userId())
        .put("master", request.master()).put("installationId", request.installationId())
        .put(CallerJson.FIELD, CallerJson.of(request.access()));
    return vertx.eventBus().<JsonObject>request(FunctionRunner.ADDRESS + name, call,
            new DeliveryOptions().setSendTimeout(timeout.toMillis()))
        .map(reply -> Reply.ok(reply.body()))
        .recover(failure -> Future.failedFuture(failure instanceof ReplyException reply ? switch (reply.failureType()) {
          case NO_HANDLERS -> new ParseException(FunctionRunner.SCRIPT_FAILED, "Invalid function: \"" + name + "\"");
          case TIMEOUT -> new ParseException(TIMEOUT, "Function " + name + " did not answer within " + timeout.toSeconds() + " s.");
          // a function's ParseError answers its own code; anything else it threw is 141
          case RECIPIENT_FAILURE -> new ParseException(reply.failureCode() > 0 ? reply.failureCode() : FunctionRunner.SCRIPT_FAILED,
              reply.getMessage());
          default -> new ParseException(FunctionRunner.SCRIPT_FAILED, reply.getMessage());
        } : failure));
  }
}
