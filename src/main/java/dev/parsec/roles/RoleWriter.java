package dev.parsec.roles;

import dev.parsec.access.RoleNames;
import dev.parsec.error.ParseException;
import dev.parsec.web.ParseRequest;
import dev.parsec.writes.ClassWriter;
import dev.parsec.writes.Removal;
import dev.parsec.writes.Save;
import dev.parsec.writes.WriteBody;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.util.regex.Pattern;

/**
 * _Role's part in writes: a name is required, made of letters, digits, _, - and spaces, unique (137), and
 * fixed once saved (139); once a role is written, every node's role cache hears of it.
 */
final class RoleWriter implements ClassWriter {

  private static final Pattern NAME = Pattern.compile("[0-9A-Za-z_\\- ]+");
  private static final int INVALID_ROLE_NAME = 139;
  private static final int DUPLICATE_VALUE = 137;
  private static final String UNIQUE_VIOLATION = "23505";

  private final Vertx vertx;

  RoleWriter(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Save> save(ParseRequest request, String objectId, JsonObject body) {
    if (objectId == null) {
      Object name = body.getValue("name");
      if (!(name instanceof String text) || text.isEmpty()) {
        throw new ParseException(INVALID_ROLE_NAME, "Role names must be specified.");
      }
      if (!NAME.matcher(text).matches()) {
        throw new ParseException(INVALID_ROLE_NAME, "Role names can only contain alphanumeric characters, _, -, and spaces.");
      }
    } else if (body.containsKey("name")) {
      throw new ParseException(INVALID_ROLE_NAME, "A role's name can only be set before it has been saved.");
    }
    return Future.succeededFuture(new Save(WriteBody.parse(body, objectId == null), null, null, saved -> changed(), false));
  }

  @Override
  public Future<Removal> delete(ParseRequest request, String objectId) {
    return Future.succeededFuture(new Removal(null, this::changed));
  }

  @Override
  public Throwable failure(Throwable failure) {
    if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      return new ParseException(DUPLICATE_VALUE, "A role with this name already exists.");
    }
    return failure;
  }

  /** Tells every node's role cache, and LiveQuery's subscribers' roles, that roles changed. */
  private Future<Void> changed() {
    vertx.eventBus().publish(RoleNames.CHANGED_ADDRESS, "");
    return Future.succeededFuture();
  }
}
