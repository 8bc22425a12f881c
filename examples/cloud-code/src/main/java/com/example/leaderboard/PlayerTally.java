package com.example.leaderboard;

import dev.parsec.cloud.Cloud;
import dev.parsec.cloud.Data;
import dev.parsec.cloud.Ops;
import io.vertx.core.json.JsonObject;

/**
 * afterSave Score: counts the player's games and points in their PlayerStats object, as the master key
 * (players may read PlayerStats, not write it). The counts are increments, which the server applies to
 * the stored values: two scores saved at once both count.
 */
final class PlayerTally implements Cloud.Trigger {

  @Override
  public void run(Cloud.TriggerRequest request) {
    Data master = request.data().asMaster();
    String player = request.object().getString("player");
    long points = request.object().getLong("score");
    master.query("PlayerStats").equalTo("player", player).first()
        .compose(stats -> master.save("PlayerStats", stats == null
            // the player's first score (two first scores at the very same moment would make two objects)
            ? new JsonObject().put("player", player).put("games", 1).put("points", points)
            : new JsonObject().put("objectId", stats.getString("objectId"))
                .put("games", Ops.increment(1)).put("points", Ops.increment(points))))
        .await(); // a trigger answers no Future: it waits on its own thread (never in a callback)
  }
}
