package dev.parsec.web;

import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Parse API's route table. Routes are matched by path in Vert.x Web, then by the effective
 * method of the {@link ParseRequest}: the JS SDK sends GET, PUT and DELETE as POST with _method in
 * the body, so the HTTP method alone cannot choose the handler.
 */
public final class ApiRoutes {

  /** A route's business logic: it answers with a result, or fails with a ParseException. */
  @FunctionalInterface
  public interface Action {
    Future<Reply> handle(ParseRequest request);
  }

  /**
   * An action whose write can record an idempotent request's answer in its own statement (see
   * RecordedWrite), when asked before it runs whether this request's write is such a one.
   */
  public interface RecordingAction extends Action {
    Future<Boolean> recordsInItsWrite(ParseRequest request);

    static RecordingAction of(Action action, Function<ParseRequest, Future<Boolean>> recordsInItsWrite) {
      return new RecordingAction() {
        @Override
        public Future<Reply> handle(ParseRequest request) {
          return action.handle(request);
        }

        @Override
        public Future<Boolean> recordsInItsWrite(ParseRequest request) {
          return recordsInItsWrite.apply(request);
        }
      };
    }
  }

  /** What runs an admitted call's action: the action itself, or a wrapper such as idempotency. */
  public interface Runner {
    Future<Reply> run(RoutingContext ctx, ParseRequest request, Action action);
  }

  public enum Method { GET, POST, PUT, DELETE }

  /** A route found for a method and path, with the path's parameters. */
  public record Match(Action action, Map<String, String> pathParams) {
  }

  private final Map<String, Map<Method, Action>> table = new LinkedHashMap<>();

  public ApiRoutes on(Method method, String path, Action action) {
    table.computeIfAbsent(path, p -> new EnumMap<>(Method.class)).put(method, action);
    return this;
  }

  /** The route for a method and a path below the mount path (as a batch's sub-request names it), if any. */
  public Optional<Match> match(String method, String path) {
    Method m;
    try {
      m = Method.valueOf(method.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
    String[] given = path.split("/", -1);
    for (Map.Entry<String, Map<Method, Action>> route : table.entrySet()) {
      Action action = route.getValue().get(m);
      String[] pattern = route.getKey().split("/", -1);
      if (action == null || pattern.length != given.length) {
        continue;
      }
      Map<String, String> params = new HashMap<>();
      boolean matches = true;
      for (int i = 0; i < pattern.length && matches; i++) {
        if (pattern[i].startsWith(":")) {
          matches = !given[i].isEmpty();
          params.put(pattern[i].substring(1), java.net.URLDecoder.decode(given[i], java.nio.charset.StandardCharsets.UTF_8));
        } else {
          matches = pattern[i].equals(given[i]);
        }
      }
      if (matches) {
        return Optional.of(new Match(action, params));
      }
    }
    return Optional.empty();
  }

  /**
   * Adds every route under the mount path of the router, each reading its body, then the Parse
   * request, then who the caller is (identify: the session token's user and the user's roles), then
   * whether the caller may make the call now ({@link Admission}), then its action.
   */
  public void mount(Router router, String mountPath, BodyHandler body, RequestReader reader,
                    Function<ParseRequest, Future<ParseRequest>> identify, Admission admission, Runner runner) {
    table.forEach((path, actions) -> router.route(mountPath + path)
        .handler(body)
        .handler(reader)
        .handler(ctx -> dispatch(actions, ctx, mountPath, identify, admission, runner)));
  }

  private static void dispatch(Map<Method, Action> actions, RoutingContext ctx, String mountPath,
                               Function<ParseRequest, Future<ParseRequest>> identify, Admission admission, Runner runner) {
    ParseRequest request = ctx.get(ParseRequest.KEY);
    Action action = actions.get(methodOf(request.method()));
    if (action == null) {
      ctx.fail(new ParseException(ParseException.INVALID_JSON, "Cannot " + request.method() + " " + ctx.normalizedPath()));
      return;
    }
    String path = ctx.normalizedPath().substring(mountPath.length());
    identify.apply(request.withPath(ctx.pathParams())).compose(identified -> {
      ctx.put(ParseRequest.KEY, identified);
      return admission.admit(identified, identified.method().name(), path);
    }).compose(admitted -> {
      admitted.headers().forEach(ctx.response()::putHeader);
      return runner.run(ctx, admitted.request(), action);
    }).onComplete(result -> {
      if (result.succeeded()) {
        result.result().send(ctx);
      } else {
        ctx.fail(result.cause());
      }
    });
  }

  private static Method methodOf(HttpMethod method) {
    try {
      return Method.valueOf(method.name());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
