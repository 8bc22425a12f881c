package dev.parsec.serverinfo;

import dev.parsec.error.ParseException;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * GET /serverInfo (master key), as Parse Server answers it: the features this node serves, the Parse
 * Server version whose API Parsec speaks (Parse Dashboard enables its pages by it: column default values
 * from 3.7.0, Config's "master key only" from 3.9.0, no warning from 7.0.0), and Parsec's own version.
 */
public final class ServerInfoApi {

  /** The Parse Server release whose REST API and behaviour Parsec is compared against (README). */
  public static final String PARSE_SERVER_VERSION = "9.10.0";

  private final JsonObject answer;

  public ServerInfoApi(boolean pushConfigured) {
    this.answer = new JsonObject()
        .put("features", Features.of(pushConfigured))
        .put("parseServerVersion", PARSE_SERVER_VERSION)
        .put("parsecVersion", Version.PARSEC);
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/serverInfo", this::serverInfo);
  }

  private Future<Reply> serverInfo(ParseRequest request) {
    if (!request.master()) {
      return Future.failedFuture(ParseException.masterKeyRequired());
    }
    return Future.succeededFuture(Reply.ok(answer.copy()));
  }
}
