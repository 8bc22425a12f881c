package dev.parsec.web;

import dev.parsec.error.ParseException;
import dev.parsec.error.TooManyRequests;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers every failure of an API route with Parse's error body and status ({@link ParseException#of}). */
public final class ErrorResponder implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    Throwable failure = ctx.failure();
    ParseException error;
    if (failure == null && ctx.statusCode() == 413) {
      error = new ParseException(ParseException.REQUEST_LIMIT_EXCEEDED, "Request body is too large.", 413);
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      error = new ParseException(ParseException.INVALID_JSON, "Bad request.", ctx.statusCode());
    } else {
      error = ParseException.of(failure);
      if (ParseException.internal(failure)) {
        LOG.error("internal failure on {} {} (request {}): {}", ctx.request().method(), ctx.normalizedPath(),
            RequestIds.of(ctx), describe(failure), failure);
      }
    }
    if (error instanceof TooManyRequests refused) {
      refused.headers().forEach(ctx.response()::putHeader);
    }
    ctx.response().setStatusCode(error.httpStatus())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(error.toJson().toBuffer());
  }

  static String describe(Throwable failure) {
    return failure instanceof PgException pg ? pg.getSqlState() + " " + pg.getMessage() : String.valueOf(failure);
  }
}
