package dev.parsec.push;

import dev.parsec.config.PushSettings;
import dev.parsec.db.ObjectIds;
import dev.parsec.error.ParseException;
import dev.parsec.query.FindQuery;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * POST /push (master key): the push is checked, stored as a _PushStatus row and answered once that row
 * is committed, as Parse Server answers ({"result": true} and X-Parse-Push-Status-Id). A worker on any
 * node sends it: it is told at once over the event bus when the push is due now, and workers also look
 * for due pushes themselves, so a scheduled push, or one whose message was lost, is sent all the same.
 * /classes/_PushStatus lets the master key follow it.
 */
final class PushApi {

  static final String STATUS_CLASS = "_PushStatus";
  /**
   * _PushStatus's fields, as Parse Server defines them; like Parse Server, Parsec keeps no _SCHEMA row for
   * it. Reads know it as a class declared in code (see PushRoutes).
   */
  static final ClassSchema STATUS_SCHEMA = ClassSchema.fromJson(new JsonObject().put("className", STATUS_CLASS)
      .put("fields", fields("objectId", "String", "createdAt", "Date", "updatedAt", "Date", "ACL", "ACL",
          "pushTime", "String", "source", "String", "query", "String", "payload", "String", "title", "String",
          "expiry", "Number", "expiration_interval", "Number", "status", "String", "numSent", "Number",
          "numFailed", "Number", "pushHash", "String", "errorMessage", "Object", "sentPerType", "Object",
          "failedPerType", "Object", "sentPerUTCOffset", "Object", "failedPerUTCOffset", "Object", "count", "Number"))
      .put("classLevelPermissions", new JsonObject()));

  private final Vertx vertx;
  private final PushSettings settings;
  private final SchemaStore schemas;
  private final ParseValues values;
  private final Pool pool;
  private AudiencesApi audiences;

  PushApi(Vertx vertx, PushSettings settings, SchemaStore schemas, ParseValues values, Pool pool) {
    this.vertx = vertx;
    this.settings = settings;
    this.schemas = schemas;
    this.values = values;
    this.pool = pool;
  }

  void addTo(ApiRoutes routes, AudiencesApi audiences) {
    this.audiences = audiences;
    routes.on(Method.POST, "/push", this::push);
  }

  private Future<Reply> push(ParseRequest request) {
    request.requireMaster();
    if (!settings.fcmEnabled() && !settings.apnsEnabled()) {
      throw new ParseException(PushRequest.PUSH_MISCONFIGURED, "Missing push configuration");
    }
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    PushRequest push = PushRequest.parse(request.body(), now);
    String objectId = ObjectIds.next();
    boolean scheduled = push.pushTime() != null;
    return schemas.all().compose(all -> {
      // the query is checked now, as a find on _Installation, so a bad one is the caller's error (102...)
      new FindQuery(all, values, all.get(InstallationsApi.CLASS), new JsonObject().put("where", push.where()));
      Tuple row = Tuple.of(objectId, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), push.pushTimeText(), push.where().encode(),
          push.data().encode(), push.expiresAt() == null ? null : push.expiresAt().doubleValue(), push.expirationInterval(),
          scheduled ? "scheduled" : "pending", push.pushHash(),
          scheduled ? OffsetDateTime.ofInstant(push.pushTime(), ZoneOffset.UTC) : null);
      return pool.preparedQuery(PushSql.INSERT).execute(row);
    }).map(inserted -> {
      if (!scheduled || !push.pushTime().isAfter(now)) {
        vertx.eventBus().send(PushWorkerVerticle.ADDRESS, objectId);
      }
      // a push to a saved audience (Parse Dashboard's) counts as a use of it
      if (request.body().getValue("audience_id") instanceof String audienceId) {
        audiences.used(request, audienceId);
      }
      return Reply.ok(new JsonObject().put("result", true)).withHeader("X-Parse-Push-Status-Id", objectId);
    });
  }



  static JsonObject fields(String... namesAndTypes) {
    JsonObject fields = new JsonObject();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      fields.put(namesAndTypes[i], new JsonObject().put("type", namesAndTypes[i + 1]));
    }
    return fields;
  }


}
