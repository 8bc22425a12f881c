package dev.parsec.writes;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * A save as its class makes it: the object's fields, and the class's own work around the write.
 *
 * @param body the fields and ACL to write
 * @param target which object the save writes, decided in its transaction (an installation found by its
 *     device): its objectId, or null for a new one; null when the save names its object
 * @param inTransaction further statements in the write's transaction, given the object's id and the answer
 *     so far; answers the answer to send
 * @param committed work once the write committed, before the answer is sent
 * @param ownObject whether the caller writes its own object (a user itself), which its ACL cannot refuse
 */
public record Save(WriteBody body, Function<SqlClient, Future<String>> target, InTransaction inTransaction,
                   Function<JsonObject, Future<Void>> committed, boolean ownObject) {

  /** Statements of a class in the write's transaction. */
  @FunctionalInterface
  public interface InTransaction {
    Future<JsonObject> run(SqlClient tx, String objectId, JsonObject answer);
  }

  /** A save that is the object's write and nothing more. */
  public static Save of(WriteBody body) {
    return new Save(body, null, null, null, false);
  }

  /** The same save of a new object with the objectId its client chose. */
  Save withObjectId(String objectId) {
    return new Save(body.withObjectId(objectId), target, inTransaction, committed, ownObject);
  }

  /** Whether the write is one statement the class adds nothing to. */
  boolean plain() {
    return target == null && inTransaction == null && !body.changesRelations();
  }
}
