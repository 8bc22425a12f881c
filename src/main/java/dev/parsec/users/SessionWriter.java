package dev.parsec.users;

import dev.parsec.error.ParseException;
import dev.parsec.web.ParseRequest;
import dev.parsec.writes.ClassWriter;
import dev.parsec.writes.Removal;
import dev.parsec.writes.Save;
import dev.parsec.writes.WriteBody;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * _Session's part in the write path, as Parse Server's rules for sessions (RestWrite's handleSession):
 * <ul>
 * <li>a create (POST /sessions, /classes/_Session) needs a session: it starts a new session of the caller's
 *     user, with a new token, createdWith {"action":"create"}, the configured expiry and an ACL of the user
 *     alone; the body's other fields are kept. The master key names the user (a pointer in "user"), and
 *     may set expiresAt and createdWith;</li>
 * <li>an update reaches the caller's own sessions only (the class's rules); no one changes a token or an
 *     installationId, and a client neither moves a session to another user nor changes its expiry,
 *     createdWith or restricted (Parse Server lets a client change those: a client could make its session
 *     last forever);</li>
 * <li>no write sets an ACL;</li>
 * <li>once a session is changed or deleted, every node drops its user's cached sessions before the write
 *     is answered.</li>
 * </ul>
 */
final class SessionWriter implements ClassWriter {

  /** What the server sets when it starts a session: a client never writes them. */
  private static final Set<String> SERVER_SET = Set.of("sessionToken", "expiresAt", "createdWith", "restricted");
  /** What no one changes on an existing session. */
  private static final List<String> FIXED = List.of("sessionToken", "installationId");

  private final SessionStore sessions;

  SessionWriter(SessionStore sessions) {
    this.sessions = sessions;
  }

  @Override
  public void check(ParseRequest request, String objectId, boolean delete) {
    if (!delete && !request.master() && request.userId() == null) {
      throw new ParseException(ParseException.INVALID_SESSION_TOKEN, "Session token required.");
    }
  }

  @Override
  public Future<Save> save(ParseRequest request, String objectId, JsonObject body) {
    if (body.containsKey("ACL")) {
      throw new ParseException(ParseException.INVALID_KEY_NAME, "Cannot set ACL on a Session.");
    }
    return Future.succeededFuture(objectId == null ? create(request, body) : update(request, objectId, body));
  }

  private Save create(ParseRequest request, JsonObject body) {
    JsonObject session = body.copy();
    session.remove("objectId");
    session.remove("user");
    String userId = request.master() ? namedUser(body) : request.userId();
    if (!request.master()) {
      refuse(session, SERVER_SET);
    } else {
      refuse(session, Set.of("sessionToken"));
    }
    String token = SessionStore.newToken();
    session.put("sessionToken", token).put("user", SessionStore.userPointer(userId)).put("restricted", false)
        .put("ACL", new JsonObject().put(userId, new JsonObject().put("read", true).put("write", true)));
    if (!session.containsKey("createdWith")) {
      session.put("createdWith", new JsonObject().put("action", "create"));
    }
    OffsetDateTime expires = sessions.expiry(OffsetDateTime.now(ZoneOffset.UTC));
    if (!session.containsKey("expiresAt") && expires != null) {
      session.put("expiresAt", SessionStore.date(expires));
    }
    String installationId = session.getValue("installationId") instanceof String id ? id : null;
    JsonObject answered = session.copy();
    answered.remove("ACL");
    answered.remove("restricted");
    return new Save(WriteBody.parse(session, true),
        // a new session on an installation replaces the user's earlier ones there, as Parse Server does
        installationId == null ? null : tx -> tx.preparedQuery(UserSql.DELETE_INSTALLATION_SESSIONS)
            .execute(Tuple.of(userId, installationId)).map(done -> (String) null),
        (tx, id, answer) -> Future.succeededFuture(answered.copy().mergeIn(answer)),
        installationId == null ? null : answer -> sessions.forget(userId),
        false);
  }

  private Save update(ParseRequest request, String objectId, JsonObject body) {
    refuse(body, FIXED);
    String movedTo = null;
    if (body.containsKey("user")) {
      movedTo = body.getValue("user") instanceof JsonObject pointer && "_User".equals(pointer.getValue("className"))
          && pointer.getValue("objectId") instanceof String id ? id : null;
      if (movedTo == null || (!request.master() && !movedTo.equals(request.userId()))) {
        throw new ParseException(ParseException.INVALID_KEY_NAME, "Cannot move a session to another user.");
      }
    }
    if (!request.master()) {
      refuse(body, SERVER_SET);
    }
    AtomicReference<String> holder = new AtomicReference<>();
    String newHolder = movedTo;
    return new Save(WriteBody.parse(body, false),
        tx -> tx.preparedQuery(UserSql.SESSION_HOLDER).execute(Tuple.of(objectId)).map(rows -> {
          rows.forEach(row -> holder.set(row.getString(0)));
          return objectId;
        }),
        null,
        answer -> forget(holder.get()).compose(v -> newHolder == null || newHolder.equals(holder.get())
            ? Future.succeededFuture() : forget(newHolder)),
        false);
  }

  @Override
  public Future<Removal> delete(ParseRequest request, String objectId) {
    AtomicReference<String> holder = new AtomicReference<>();
    return Future.succeededFuture(new Removal(
        tx -> tx.preparedQuery(UserSql.SESSION_HOLDER).execute(Tuple.of(objectId)).map(rows -> {
          rows.forEach(row -> holder.set(row.getString(0)));
          return null;
        }),
        () -> forget(holder.get())));
  }

  private Future<Void> forget(String userId) {
    return userId == null ? Future.succeededFuture() : sessions.forget(userId);
  }

  /** The user the master key starts a session for: a pointer to a _User in "user". */
  private static String namedUser(JsonObject body) {
    if (body.getValue("user") instanceof JsonObject pointer && "_User".equals(pointer.getValue("className"))
        && pointer.getValue("objectId") instanceof String id && !id.isEmpty()) {
      return id;
    }
    throw new ParseException(ParseException.INCORRECT_TYPE, "A session needs its user: a pointer to a _User in \"user\".");
  }

  private static void refuse(JsonObject body, java.util.Collection<String> fields) {
    for (String field : fields) {
      if (body.containsKey(field)) {
        throw new ParseException(ParseException.INVALID_KEY_NAME, "Cannot set " + field + " on a Session.");
      }
    }
  }
}
