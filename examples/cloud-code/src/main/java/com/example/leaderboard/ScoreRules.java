package com.example.leaderboard;

import dev.parsec.cloud.Cloud;
import dev.parsec.cloud.ParseError;
import dev.parsec.cloud.Values;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * beforeSave Score: a score is a number from 0 to 1,000,000, stored rounded to a whole one; a player is a
 * name of 1 to 32 characters, stored trimmed and lower-cased. Anything else is refused with
 * VALIDATION_ERROR (142) and a message saying what is wrong. A score saved by a signed-in user points to
 * that user.
 */
final class ScoreRules implements Cloud.BeforeSave {

  static final double MAX_SCORE = 1_000_000;
  private static final int MAX_NAME = 32;

  @Override
  public JsonObject run(Cloud.TriggerRequest request) {
    JsonObject score = request.object().copy();
    score.put("player", player(score.getValue("player")));
    score.put("score", points(score.getValue("score")));
    if (request.userId() != null) {
      score.put("user", Values.pointer("_User", request.userId()));
    }
    return score;
  }

  private static String player(Object given) {
    String name = given instanceof String text ? text.strip().toLowerCase(Locale.ROOT) : "";
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new ParseError(ParseError.VALIDATION_ERROR, "player must be a name of 1 to " + MAX_NAME + " characters");
    }
    return name;
  }

  private static long points(Object given) {
    if (!(given instanceof Number number) || !(number.doubleValue() >= 0 && number.doubleValue() <= MAX_SCORE)) {
      throw new ParseError(ParseError.VALIDATION_ERROR, "score must be a number from 0 to 1000000");
    }
    return Math.round(number.doubleValue());
  }
}
