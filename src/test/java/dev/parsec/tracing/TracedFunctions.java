package dev.parsec.tracing;

import dev.parsec.cloud.Cloud;
import dev.parsec.cloud.CloudCode;
import dev.parsec.cloud.Data;
import io.vertx.core.json.JsonObject;

/** Cloud code for TracingClusterTest: a function that writes and reads through data(), from its thread and from the data event loop. */
public final class TracedFunctions implements CloudCode {

  @Override
  public void define(Cloud cloud) {
    cloud.define("tracedSaveAndGet", request -> {
      Data data = request.data();
      // awaited on the cloud code thread, then a read chained on the data event loop
      JsonObject saved = data.save("Traced", new JsonObject().put("step", 1)).await();
      return data.get("Traced", saved.getString("objectId"))
          .compose(read -> data.get("Traced", saved.getString("objectId")))
          .map(read -> new JsonObject().put("objectId", read.getString("objectId")));
    });
  }
}
