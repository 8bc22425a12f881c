package dev.parsec.gateway;

import dev.parsec.web.ParseRequest;
import dev.parsec.web.RequestIds;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request on the logger "parsec.access" (JSON like every log line): request
 * id, method, path (never the query string, which can carry keys and tokens), status, bytes sent,
 * duration, the client's address as the master key check judges it, and the user when signed in.
 */
public final class AccessLog implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger("parsec.access");

  private final Function<RoutingContext, String> clientAddress;

  public AccessLog(Function<RoutingContext, String> clientAddress) {
    this.clientAddress = clientAddress;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      ParseRequest request = ctx.get(ParseRequest.KEY);
      var line = LOG.atInfo()
          .addKeyValue("requestId", RequestIds.of(ctx))
          .addKeyValue("method", ctx.request().method().name())
          .addKeyValue("path", ctx.request().path())
          .addKeyValue("status", ctx.response().getStatusCode())
          .addKeyValue("bytes", ctx.response().bytesWritten())
          .addKeyValue("durationMs", (System.nanoTime() - start) / 1_000_000.0)
          .addKeyValue("client", clientAddress.apply(ctx));
      if (request != null && request.userId() != null) {
        line = line.addKeyValue("user", request.userId());
      }
      line.log("request");
    });
    ctx.next();
  }
}
