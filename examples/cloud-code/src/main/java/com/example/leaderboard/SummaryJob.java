package com.example.leaderboard;

import dev.parsec.cloud.Cloud;
import dev.parsec.cloud.ParseError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The job summarize: reads every Score, a thousand at a time (Query.each streams: a class of millions
 * of rows is never held whole), and saves one new Summary {scores, total, average, best}. It reports
 * its progress every 10,000 scores, and stops when told to (its node is stopping: another worker runs
 * it again from the start).
 */
final class SummaryJob implements Cloud.Job {

  private static final int REPORT_EVERY = 10_000;

  @Override
  public Object run(Cloud.JobRequest request) {
    Tally tally = new Tally();
    return request.data().query("Score").select("score").each(score -> {
      if (request.cancelled()) {
        return Future.failedFuture(new ParseError(ParseError.SCRIPT_FAILED, "stopped after " + tally.scores + " scores"));
      }
      tally.add(score.getDouble("score", 0.0));
      if (tally.scores % REPORT_EVERY == 0) {
        request.message("read " + tally.scores + " scores");
      }
      return Future.succeededFuture();
    })
        .compose(done -> request.data().save("Summary", tally.toJson()))
        .map(saved -> "summarized " + tally.scores + " scores");
  }

  /** The sums so far; each hands it one score at a time. */
  private static final class Tally {
    long scores;
    double total;
    double best;

    void add(double score) {
      scores++;
      total += score;
      best = Math.max(best, score);
    }

    JsonObject toJson() {
      return new JsonObject().put("scores", scores).put("total", total)
          .put("average", scores == 0 ? 0 : total / scores).put("best", best);
    }
  }
}
