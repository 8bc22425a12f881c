package dev.parsec.writes;

import dev.parsec.web.ParseRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A class's own part in the writes of its objects, beside what every class gets from {@link Writes}:
 * a system class's rules (a role's name, a user's password and sessions, an installation's device). An
 * app's classes have none.
 */
public interface ClassWriter {

  ClassWriter NONE = new ClassWriter() {
  };

  /**
   * Refuses, before any trigger runs, a save (objectId null: a create) or a delete (delete true) the caller
   * may never make of this class, whatever the body (another user's record, say).
   */
  default void check(ParseRequest request, String objectId, boolean delete) {
  }

  /** Fields of a save's body that triggers are not shown (and that come back after beforeSave). */
  default Set<String> hiddenFromTriggers() {
    return Set.of();
  }

  /**
   * The save of an object (objectId null: a new one) as the class makes it of the body beforeSave left;
   * fails for what the class refuses.
   */
  default Future<Save> save(ParseRequest request, String objectId, JsonObject body) {
    return Future.succeededFuture(Save.of(WriteBody.parse(body, objectId == null)));
  }

  /** The class's part in deleting an object; fails for what the class refuses. */
  default Future<Removal> delete(ParseRequest request, String objectId) {
    return Future.succeededFuture(Removal.NONE);
  }

  /** What a failure of the class's writes answers (a unique index's violation as the class's own error). */
  default Throwable failure(Throwable failure) {
    return failure;
  }
}
