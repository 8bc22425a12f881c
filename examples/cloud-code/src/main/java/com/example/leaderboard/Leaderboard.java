package com.example.leaderboard;

import dev.parsec.cloud.Cloud;
import dev.parsec.cloud.CloudCode;

/**
 * A game's leaderboard, as cloud code. Players save a Score ({player, score}) with the SDK; cloud code
 * checks and tidies it before it is stored ({@link ScoreRules}), keeps each player's games and points in
 * PlayerStats ({@link PlayerTally}), answers the best scores ({@link TopScores}) and, as a job, sums up
 * every score ever saved into a Summary object ({@link SummaryJob}).
 *
 * <pre>
 *   Parse.Cloud.run('topScores', {limit: 10})      the best scores, highest first
 *   new Parse.Object('Score', {player, score}).save()
 *   Parse.Cloud.startJob('summarize')              (master key) one new Summary: scores, total, average, best
 * </pre>
 */
public final class Leaderboard implements CloudCode {

  @Override
  public void define(Cloud cloud) {
    cloud.define("topScores", new TopScores());
    cloud.beforeSave("Score", new ScoreRules());
    cloud.afterSave("Score", new PlayerTally());
    cloud.defineJob("summarize", new SummaryJob());
  }
}
