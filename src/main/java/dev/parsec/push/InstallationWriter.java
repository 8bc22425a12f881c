package dev.parsec.push;

import dev.parsec.cache.ObjectCache;
import dev.parsec.error.ParseException;
import dev.parsec.web.ParseRequest;
import dev.parsec.writes.ClassWriter;
import dev.parsec.writes.Save;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * _Installation's part in saves, with Parse Server's rules ({@link InstallationMatch}): a new installation
 * needs an installationId or a device token; a save that names the device is matched, in its transaction
 * and serialised per installationId and token (advisory locks), to the installation that holds them, which
 * it updates (a create may so become an update); other holders of the device token are deleted. Updates
 * answer the installation's objectId.
 */
final class InstallationWriter implements ClassWriter {

  /** Objects by id in Redis, from which the installations a save deletes are dropped; null without Redis. */
  private final ObjectCache cache;

  InstallationWriter(ObjectCache cache) {
    this.cache = cache;
  }

  @Override
  public Future<Save> save(ParseRequest request, String objectId, JsonObject given) {
    InstallationBody body = InstallationBody.parse(request.access(), given, objectId == null);
    if (objectId == null && body.installationId() == null && body.deviceToken() == null) {
      throw new ParseException(InstallationMatch.MISSING_ID,
          "at least one ID field (deviceToken, installationId) must be specified in this operation");
    }
    List<String> deleted = new ArrayList<>();
    Save.InTransaction withId = (tx, id, answer) -> Future.succeededFuture(
        answer.containsKey("createdAt") ? answer : new JsonObject().put("objectId", id).mergeIn(answer));
    if (objectId != null && !body.identifies()) {
      return Future.succeededFuture(new Save(body.write(), null, withId, null, false));
    }
    return Future.succeededFuture(new Save(body.write(), tx -> target(tx, objectId, body, deleted), withId,
        saved -> evict(deleted), false));
  }

  /** The installation the save writes (null: a new one), once the installations its device replaces are deleted. */
  private static Future<String> target(SqlClient tx, String objectId, InstallationBody body, List<String> deleted) {
    return tx.preparedQuery(InstallationSql.LOCK_KEYS).execute(Tuple.of(lockKeys(body)))
        .compose(locked -> tx.preparedQuery(InstallationSql.MATCHES).execute(Tuple.of(objectId, body.installationId(), body.deviceToken())))
        .compose(rows -> {
          List<InstallationMatch.Stored> found = new ArrayList<>();
          for (Row row : rows) {
            found.add(new InstallationMatch.Stored(row.getString("objectId"), row.getString("installationId"),
                row.getString("deviceToken"), row.getString("deviceType")));
          }
          InstallationMatch.Plan plan = InstallationMatch.plan(objectId, body, found);
          return cleanUp(tx, plan, deleted).map(plan.target());
        });
  }

  private static Future<Void> cleanUp(SqlClient tx, InstallationMatch.Plan plan, List<String> deleted) {
    Future<RowSet<Row>> done = plan.deleteObjects().isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery(InstallationSql.DELETE_OBJECTS).execute(Tuple.of(plan.deleteObjects().toArray(String[]::new)))
            .onSuccess(rows -> rows.forEach(row -> deleted.add(row.getString(0))));
    InstallationMatch.TokenCleanup cleanup = plan.tokenCleanup();
    if (cleanup != null) {
      done = done.compose(v -> tx.preparedQuery(InstallationSql.DELETE_TOKEN_HOLDERS).execute(Tuple.of(cleanup.token(),
          cleanup.exceptInstallationId(), cleanup.exceptObjectId(), cleanup.appIdentifier())))
          .onSuccess(rows -> rows.forEach(row -> deleted.add(row.getString(0))));
    }
    return done.mapEmpty();
  }

  private Future<Void> evict(List<String> deleted) {
    Future<Void> done = Future.succeededFuture();
    for (String id : deleted) {
      done = cache == null ? done : done.compose(v -> cache.evict(InstallationsApi.CLASS + ":" + id));
    }
    return done;
  }

  private static String[] lockKeys(InstallationBody body) {
    List<String> keys = new ArrayList<>();
    if (body.installationId() != null) {
      keys.add("installation:" + body.installationId());
    }
    if (body.deviceToken() != null) {
      keys.add("device-token:" + body.deviceToken());
    }
    return keys.toArray(String[]::new);
  }
}
