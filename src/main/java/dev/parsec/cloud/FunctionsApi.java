package dev.parsec.cloud;

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
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * POST /functions/{name} (Parse.Cloud.run): the call goes over the clustered event bus to a worker of
 * any node that has the function, with the caller's params, user, master key, installation, address,
 * headers and cloud context, and the function's result comes back as {"result": ...}; a validator's
 * refusal as 142, a rate limit's as 429.
 */
public final class FunctionsApi {

  private final Vertx vertx;
  private final Duration timeout;
  private final HookStore hooks;
  private final Webhooks webhooks;
  private final CloudCallers callers;

  /** Functions of cloud code modules, or webhooks (Parse Hooks), which take precedence. */
  public FunctionsApi(Vertx vertx, Duration timeout, HookStore hooks, Webhooks webhooks, CloudCallers callers) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.hooks = hooks;
    this.webhooks = webhooks;
    this.callers = callers;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.POST, "/functions/:name", this::run);
  }

  /**
   * The call as Parse Server gives a function (and a function's webhook): params, functionName, the whole user,
   * master, installationId, ip, headers and the client's cloud context.
   */
  private Future<Reply> run(ParseRequest request) {
    String name = request.path("name");
    return hooks.functionUrl(name).compose(url -> callers.of(request).compose(caller -> {
      JsonObject call = caller.put("params", request.body()).put("functionName", name).put("context", request.context());
      if (url == null) {
        return runModule(call, name);
      }
      return webhooks.call(url, "function " + name, CloudCallers.forHook(call)).map(result -> Reply.ok(new JsonObject().put("result", result)));
    }));
  }

  private Future<Reply> runModule(JsonObject call, String name) {
    return vertx.eventBus().<JsonObject>request(FunctionRunner.ADDRESS + name, call,
            new DeliveryOptions().setSendTimeout(timeout.toMillis()))
        .map(reply -> Reply.ok(reply.body()))
        .recover(failure -> Future.failedFuture(failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
            ? new ParseException(FunctionRunner.SCRIPT_FAILED, "Invalid function: \"" + name + "\"")
            : CloudFailures.refused("Function " + name + " did not answer within " + timeout.toSeconds() + " s.", failure)));
  }
}
