package dev.parsec.push;

import dev.parsec.reads.Reads;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import dev.parsec.writes.Writes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * /installations (and /classes/_Installation): the devices push reaches, read and written through the one
 * read and write paths ({@link InstallationWriter} is the class's part). Clients may create, get and update
 * installations, as with Parse Server; only the master key may find or delete them.
 */
final class InstallationsApi {

  static final String CLASS = "_Installation";

  private final Reads reads;
  private final Writes writes;
  private final String serverUrl;

  InstallationsApi(Reads reads, Writes writes, String serverUrl) {
    this.reads = reads;
    this.writes = writes;
    this.serverUrl = serverUrl;
  }

  void addTo(ApiRoutes routes) {
    for (String base : new String[] {"/installations", "/classes/_Installation"}) {
      routes.on(Method.POST, base, r -> save(r, null))
          .on(Method.GET, base, this::find)
          .on(Method.GET, base + "/:objectId", this::get)
          .on(Method.PUT, base + "/:objectId", r -> save(r, r.path("objectId")))
          .on(Method.DELETE, base + "/:objectId", this::delete);
    }
  }

  /** 201 for a new installation; 200 with its objectId for a save that updated one (a create merged into it too). */
  private Future<Reply> save(ParseRequest request, String objectId) {
    return writes.save(request, CLASS, objectId, request.body()).map(saved -> saved.containsKey("createdAt")
        ? Reply.created(saved, serverUrl + "/classes/" + CLASS + "/" + saved.getString("objectId")) : Reply.ok(saved));
  }

  private Future<Reply> get(ParseRequest request) {
    return reads.get(request, CLASS, request.path("objectId")).map(Reply::ok);
  }

  /** The master key's only: a client is refused by the class's rules. */
  private Future<Reply> find(ParseRequest request) {
    return reads.find(request, CLASS).map(Reply::ok);
  }

  /** The master key's only: a client is refused by the class's rules. */
  private Future<Reply> delete(ParseRequest request) {
    return writes.delete(request, CLASS, request.path("objectId")).map(v -> Reply.ok(new JsonObject()));
  }
}
