package dev.parsec.node;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.ext.web.RoutingContext;

/**
 * Counts the requests a verticle is still answering, so that a stopping node keeps its database
 * pool open until the last of them has its response: the HTTP server's own shutdown lets an
 * HTTP/2 stream's handler outlive it. Used on one event loop, so plain fields suffice.
 */
final class InFlightRequests implements Handler<RoutingContext> {

  private int count;
  private Promise<Void> drained;

  @Override
  public void handle(RoutingContext ctx) {
    count++;
    ctx.addEndHandler(done -> {
      count--;
      if (count == 0 && drained != null) {
        drained.tryComplete();
      }
    });
    ctx.next();
  }

  /** Completes once no request is in flight. */
  Future<Void> drained() {
    if (drained == null) {
      drained = Promise.promise();
    }
    if (count == 0) {
      drained.tryComplete();
    }
    return drained.future();
  }
}
