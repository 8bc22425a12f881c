package dev.parsec.writes;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A class's own work around the delete of one of its objects.
 *
 * @param inTransaction statements in the delete's transaction
 * @param committed work once the delete committed, before it is answered
 */
public record Removal(Function<SqlClient, Future<Void>> inTransaction, Supplier<Future<Void>> committed) {

  public static final Removal NONE = new Removal(null, null);
}
