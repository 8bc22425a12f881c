package com.example.leaderboard;

import dev.parsec.cloud.Cloud;
import dev.parsec.cloud.ParseError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * topScores: the best scores, highest first (the earlier of equal scores first), as {player, score}.
 * Param limit: how many, 1 to 100 (default 10). Reads as the caller: a score the caller may not read is
 * not shown.
 */
final class TopScores implements Cloud.Function {

  private static final int DEFAULT_LIMIT = 10;
  private static final int MAX_LIMIT = 100;

  @Override
  public Object run(Cloud.Request request) {
    Object limit = request.params().getValue("limit", DEFAULT_LIMIT);
    if (!(limit instanceof Integer count) || count < 1 || count > MAX_LIMIT) {
      throw new ParseError(ParseError.VALIDATION_ERROR, "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
    return request.data().query("Score")
        .descending("score").addAscending("createdAt")
        .select("player", "score")
        .limit(count)
        .find()
        .map(scores -> {
          JsonArray best = new JsonArray();
          scores.forEach(score -> best.add(new JsonObject()
              .put("player", score.getString("player"))
              .put("score", score.getValue("score"))));
          return best;
        });
  }
}
