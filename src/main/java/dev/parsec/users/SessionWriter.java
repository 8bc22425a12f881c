package dev.parsec.users;

import dev.parsec.web.ParseRequest;
import dev.parsec.writes.ClassWriter;
import dev.parsec.writes.Removal;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.atomic.AtomicReference;

/**
 * _Session's part in deletes (a client's own sessions only, by the class's rules): once a session is
 * deleted, every node drops its user's cached sessions before the delete is answered, so none accepts it.
 */
final class SessionWriter implements ClassWriter {

  private final SessionStore sessions;

  SessionWriter(SessionStore sessions) {
    this.sessions = sessions;
  }

  @Override
  public Future<Removal> delete(ParseRequest request, String objectId) {
    AtomicReference<String> holder = new AtomicReference<>();
    return Future.succeededFuture(new Removal(
        tx -> tx.preparedQuery(UserSql.SESSION_HOLDER).execute(Tuple.of(objectId)).map(rows -> {
          rows.forEach(row -> holder.set(row.getString(0)));
          return null;
        }),
        () -> holder.get() == null ? Future.succeededFuture() : sessions.forget(holder.get())));
  }
}
