package dev.parsec.livequery;

import dev.parsec.cloud.Cloud;
import dev.parsec.cloud.CloudCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LiveQuery triggers for the tests, on the class LqRoom (no other test subscribes to it) and on
 * connections by installation ids no other test uses.
 */
public final class LiveQueryTriggerModule implements CloudCode {

  /** Who beforeConnect was asked about, by installation id. */
  public static final Map<String, Cloud.LiveQueryConnection> CONNECTS = new ConcurrentHashMap<>();

  @Override
  public void define(Cloud cloud) {
    cloud.beforeConnect(client -> {
      if (client.installationId() != null && client.installationId().startsWith("lq-")) {
        CONNECTS.put(client.installationId(), client);
      }
      if ("lq-refused".equals(client.installationId()) || "lq-probe-refused".equals(client.installationId())) {
        throw new IllegalStateException("this installation may not connect");
      }
    });
    cloud.beforeSubscribe("LqRoom", request -> {
      JsonObject where = request.query().getJsonObject("where", new JsonObject());
      if ("forbidden".equals(where.getString("topic"))) {
        throw new IllegalArgumentException("no forbidden topics");
      }
      if ("narrow".equals(where.getString("topic"))) {
        // only the rooms of level 5 and up
        return request.query().copy().put("where", new JsonObject().put("$and", new JsonArray().add(where)
            .add(new JsonObject().put("level", new JsonObject().put("$gte", 5)))));
      }
      return null;
    });
    // LqSlow: triggers that answer after the tests' function_timeout when asked to be slow
    cloud.beforeSubscribe("LqSlow", request -> {
      if ("slow".equals(request.query().getJsonObject("where", new JsonObject()).getString("topic"))) {
        Thread.sleep(5_000);
      }
      return null;
    });
    cloud.afterEvent("LqSlow", request -> {
      if (request.object().getBoolean("slow", false)) {
        Thread.sleep(5_000);
      }
      return request.object();
    });
    cloud.afterEvent("LqRoom", request -> {
      if (request.object().getInteger("n", 0) == 13) {
        throw new IllegalStateException("unlucky " + request.event());
      }
      String installation = request.client().installationId();
      if ("lq-drop".equals(installation)) {
        return null;
      }
      if ("lq-change".equals(installation)) {
        return request.object().copy().put("changedFor", request.requestId() + " " + request.event())
            .put("secret", "kept out by keys");
      }
      return request.object();
    });
  }
}
