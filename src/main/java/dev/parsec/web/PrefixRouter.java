package dev.parsec.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * Routes under one fixed path prefix, kept in a sub-router. Vert.x Web tries a route with path parameters by its
 * regular expression, so each API call would try every such route mounted before the API's; behind a prefix, calls
 * outside it pass them all with one string comparison. A call no route here takes goes on to the parent's next
 * routes. Each route keeps its full path as its name in the HTTP metrics.
 */
public final class PrefixRouter {

  private final Router routes;
  private final String prefix;

  public PrefixRouter(Vertx vertx, Router parent, String prefix) {
    this.routes = Router.router(vertx);
    this.prefix = prefix;
    parent.route(prefix + "/*").subRouter(routes);
  }

  /** A route for the method and a path below the prefix. */
  public Route route(HttpMethod method, String path) {
    return routes.route(method, path).setName(prefix + path);
  }
}
