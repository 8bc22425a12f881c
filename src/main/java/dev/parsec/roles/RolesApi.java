package dev.parsec.roles;

import dev.parsec.access.RoleNames;
import dev.parsec.error.ParseException;
import dev.parsec.objects.ObjectsApi;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.regex.Pattern;

/**
 * /roles (and /classes/_Role): roles are objects of _Role, written through the objects path with
 * Parse's rules on top: a name is required, made of letters, digits, _, - and spaces, unique, and
 * fixed once saved.
 */
public final class RolesApi {

  public static final String ROLE = "_Role";
  private static final Pattern NAME = Pattern.compile("[0-9A-Za-z_\\- ]+");
  private static final int INVALID_ROLE_NAME = 139;
  private static final int DUPLICATE_VALUE = 137;
  private static final String UNIQUE_VIOLATION = "23505";

  private final ObjectsApi objects;
  private final io.vertx.core.Vertx vertx;

  public RolesApi(ObjectsApi objects, io.vertx.core.Vertx vertx) {
    this.objects = objects;
    this.vertx = vertx;
  }

  /** Tells every node's role cache that roles changed, once the write succeeded. */
  private Future<Reply> changed(Future<Reply> write) {
    return write.onSuccess(reply -> vertx.eventBus().publish(RoleNames.CHANGED_ADDRESS, ""));
  }

  /** Registers /roles, and /classes/_Role ahead of the generic /classes routes. */
  public void addTo(ApiRoutes routes) {
    for (String base : new String[] {"/roles", "/classes/" + ROLE}) {
      routes.on(Method.POST, base, this::create)
          .on(Method.GET, base, r -> objects.find(r, ROLE))
          .on(Method.GET, base + "/:objectId", r -> objects.get(r, ROLE))
          .on(Method.PUT, base + "/:objectId", this::update)
          .on(Method.DELETE, base + "/:objectId", r -> changed(objects.delete(r, ROLE)));
    }
  }

  private Future<Reply> create(ParseRequest request) {
    Object name = request.body().getValue("name");
    if (!(name instanceof String text) || text.isEmpty()) {
      throw new ParseException(INVALID_ROLE_NAME, "Role names must be specified.");
    }
    if (!NAME.matcher(text).matches()) {
      throw new ParseException(INVALID_ROLE_NAME,
          "Role names can only contain alphanumeric characters, _, -, and spaces.");
    }
    return changed(objects.create(request, ROLE)).recover(failure -> {
      if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
        return Future.failedFuture(new ParseException(DUPLICATE_VALUE, "A role with the name " + text + " already exists."));
      }
      return Future.failedFuture(failure);
    });
  }

  private Future<Reply> update(ParseRequest request) {
    if (request.body().containsKey("name")) {
      throw new ParseException(INVALID_ROLE_NAME, "A role's name can only be set before it has been saved.");
    }
    return changed(objects.update(request, ROLE));
  }
}
