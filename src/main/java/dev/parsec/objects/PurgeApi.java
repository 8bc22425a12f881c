package dev.parsec.objects;

import dev.parsec.error.ParseException;
import dev.parsec.schema.Names;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import dev.parsec.writes.Writes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * DELETE /purge/:className (master key, which the write path requires): deletes every object of the class and keeps the class, as Parse
 * Server does (Parse Dashboard's "Delete all rows"); {} also for a class that does not exist.
 */
public final class PurgeApi {

  private final Writes writes;

  public PurgeApi(Writes writes) {
    this.writes = writes;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.DELETE, "/purge/:className", this::purge);
  }

  private Future<Reply> purge(ParseRequest request) {
    String className = request.path("className");
    if (!Names.isClass(className)) {
      return Future.failedFuture(new ParseException(ParseException.INVALID_CLASS_NAME, "Invalid class name: " + className));
    }
    return writes.purge(request, className).map(v -> Reply.ok(new JsonObject()));
  }
}
