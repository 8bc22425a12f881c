package bench;

import dev.parsec.cloud.Cloud;
import dev.parsec.cloud.CloudCode;
import dev.parsec.cloud.Data;
import dev.parsec.cloud.Ops;
import io.vertx.core.json.JsonObject;

/** Parsec's side of scripts/function-bench.sh: the same function as main.js, with the data API. */
public final class BenchFunctions implements CloudCode {

  @Override
  public void define(Cloud cloud) {
    cloud.define("bench", request -> {
      Data master = request.data().asMaster();
      String id = request.params().getString("id");
      return master.get("BenchItem", id)
          .compose(item -> master.save("BenchItem", new JsonObject().put("objectId", id).put("hits", Ops.increment(1))))
          .map(saved -> new JsonObject().put("id", id));
    });
  }
}
