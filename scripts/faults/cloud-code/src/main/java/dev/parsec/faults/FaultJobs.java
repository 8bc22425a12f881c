package dev.parsec.faults;

import dev.parsec.cloud.Cloud;
import dev.parsec.cloud.CloudCode;
import io.vertx.core.json.JsonObject;

/**
 * The fault matrix's cloud code: the job "faultTick" (scheduled every second by scripts/faults.sh) saves one FaultJobRun
 * {slot} per run, so that runs per slot can be counted in the database afterwards.
 */
public final class FaultJobs implements CloudCode {

  @Override
  public void define(Cloud cloud) {
    cloud.defineJob("faultTick", request -> request.data()
        .save("FaultJobRun", new JsonObject().put("slot", request.params().getString("slot", "none")))
        .map(saved -> "recorded " + saved.getString("objectId")));
  }
}
