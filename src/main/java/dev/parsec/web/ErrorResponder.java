package dev.parsec.web;

import dev.parsec.error.ParseException;
import dev.parsec.error.Unauthorized;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure of an API route to Parse's error body and status, in one place. */
public final class ErrorResponder implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);
  /** PostgreSQL's query_canceled, raised by statement_timeout. */
  private static final String QUERY_CANCELED = "57014";
  /** Parse's TIMEOUT. */
  private static final int TIMEOUT = 124;

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    Throwable failure = ctx.failure();
    int status;
    JsonObject body;
    if (failure instanceof ParseException e) {
      status = e.httpStatus();
      body = new JsonObject().put("code", e.code()).put("error", e.getMessage());
    } else if (failure instanceof Unauthorized e) {
      status = 403;
      body = new JsonObject().put("error", e.getMessage());
    } else if (failure instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState())) {
      status = 503;
      body = new JsonObject().put("code", TIMEOUT).put("error", "The request took too long and was cancelled; nothing was changed.");
    } else if (failure == null && ctx.statusCode() == 413) {
      status = 413;
      body = new JsonObject().put("code", ParseException.REQUEST_LIMIT_EXCEEDED).put("error", "Request body is too large.");
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      status = ctx.statusCode();
      body = new JsonObject().put("code", ParseException.INVALID_JSON).put("error", "Bad request.");
    } else {
      status = 500;
      body = new JsonObject().put("code", ParseException.INTERNAL_SERVER_ERROR).put("error", "Internal server error.");
      String detail = failure instanceof PgException pg ? pg.getSqlState() + " " + pg.getMessage() : String.valueOf(failure);
      LOG.error("internal failure on {} {} (request {}): {}", ctx.request().method(), ctx.normalizedPath(),
          RequestIds.of(ctx), detail, failure);
    }
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(body.toBuffer());
  }
}
