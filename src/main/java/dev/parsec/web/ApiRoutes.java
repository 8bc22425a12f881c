package dev.parsec.web;

import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Parse API's route table, for HTTP calls and batch sub-requests alike. A route is found by the effective method
 * of the {@link ParseRequest} (the JS SDK sends GET, PUT and DELETE as POST with _method in the body, so the HTTP
 * method alone cannot choose it) and the path, segment by segment: one lookup by the first segment instead of
 * Vert.x Web trying each route's regular expression in turn.
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

  /** A route found for a method and path: its path as added, its action and the path's parameters. */
  public record Match(String route, Action action, Map<String, String> pathParams) {
  }

  /** A path as added, split at its slashes; a segment starting with ':' takes any non-empty value. */
  private record Route(String path, String[] segments, Map<Method, Action> actions) {
  }

  /** The routes in the order they were added, by their first segment (no route starts with a parameter). */
  private final Map<String, List<Route>> byFirstSegment = new HashMap<>();
  private final Map<String, Route> byPath = new HashMap<>();

  public ApiRoutes on(Method method, String path, Action action) {
    byPath.computeIfAbsent(path, p -> {
      Route route = new Route(p, p.split("/", -1), new EnumMap<>(Method.class));
      if (route.segments().length < 2 || route.segments()[1].startsWith(":")) {
        throw new IllegalArgumentException("a route must start with a fixed segment: " + p);
      }
      byFirstSegment.computeIfAbsent(route.segments()[1], s -> new ArrayList<>()).add(route);
      return route;
    }).actions().put(method, action);
    return this;
  }

  /**
   * The route for a method and a path below the mount path, as Parse Server's router finds it: the first route
   * added whose path matches (one trailing slash aside) and that answers the method.
   */
  public Optional<Match> match(String method, String path) {
    Method m = methodOf(method);
    return m == null ? Optional.empty() : Optional.ofNullable(find(m, path));
  }

  private Match find(Method method, String path) {
    String[] given = segments(path);
    for (Route route : given == null ? List.<Route>of() : byFirstSegment.getOrDefault(given[1], List.of())) {
      Action action = route.actions().get(method);
      if (action != null) {
        Map<String, String> params = params(route.segments(), given);
        if (params != null) {
          return new Match(route.path(), action, params);
        }
      }
    }
    return null;
  }

  /** Whether some route's path matches, whatever its methods. */
  private boolean knows(String path) {
    String[] given = segments(path);
    return given != null && byFirstSegment.getOrDefault(given[1], List.of()).stream()
        .anyMatch(route -> params(route.segments(), given) != null);
  }

  private static String[] segments(String path) {
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String[] segments = path.split("/", -1);
    return segments.length < 2 || !segments[0].isEmpty() ? null : segments;
  }

  /** The path's parameters when the given segments match the route's, else null. */
  private static Map<String, String> params(String[] route, String[] given) {
    if (route.length != given.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 1; i < route.length; i++) {
      if (route[i].startsWith(":")) {
        String value = decode(given[i]);
        if (value == null) {
          return null;
        }
        if (params == null) {
          params = new HashMap<>(4);
        }
        params.put(route[i].substring(1), value);
      } else if (!route[i].equals(given[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : params;
  }

  /** A path segment's value, percent-decoded ('+' is itself in a path); null when empty or wrongly encoded. */
  private static String decode(String segment) {
    if (segment.isEmpty()) {
      return null;
    }
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Adds the API under the mount path of the router: each call's body is read, then the Parse request (whose
   * method the JS SDK may give in the body), then the route is found for that method and path, then who the caller
   * is (identify: the session token's user and the user's roles), then whether the caller may make the call now
   * ({@link Admission}), then its action. A path no route matches goes on to the router's next route.
   */
  public void mount(Router router, String mountPath, BodyHandler body, RequestReader reader,
                    Function<ParseRequest, Future<ParseRequest>> identify, Admission admission, Runner runner) {
    Map<String, String> labels = new HashMap<>();
    byPath.keySet().forEach(path -> labels.put(path, mountPath + path));
    router.route(mountPath + "/*")
        .handler(body)
        .handler(reader)
        .handler(ctx -> dispatch(ctx, mountPath, labels, identify, admission, runner));
  }

  private void dispatch(RoutingContext ctx, String mountPath, Map<String, String> labels,
                        Function<ParseRequest, Future<ParseRequest>> identify, Admission admission, Runner runner) {
    ParseRequest request = ctx.get(ParseRequest.KEY);
    String path = ctx.normalizedPath().substring(mountPath.length());
    Method method = methodOf(request.method().name());
    Match match = method == null ? null : find(method, path);
    if (match == null) {
      if (knows(path)) {
        ctx.fail(new ParseException(ParseException.INVALID_JSON, "Cannot " + request.method() + " " + ctx.normalizedPath()));
      } else {
        ctx.next();
      }
      return;
    }
    // the route as added names the request in the HTTP metrics
    ctx.request().routed(labels.get(match.route()));
    identify.apply(request.withPath(match.pathParams())).compose(identified -> {
      ctx.put(ParseRequest.KEY, identified);
      return admission.admit(identified, identified.method().name(), path);
    }).compose(admitted -> {
      admitted.headers().forEach(ctx.response()::putHeader);
      return runner.run(ctx, admitted.request(), match.action());
    }).onComplete(result -> {
      if (result.succeeded()) {
        result.result().send(ctx);
      } else {
        ctx.fail(result.cause());
      }
    });
  }

  private static Method methodOf(String method) {
    try {
      return method == null ? null : Method.valueOf(method.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
