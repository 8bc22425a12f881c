package parsec.loadtest;

import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A score window over the seeded objects, ordered and limited, as ../shared/bench/query.lua sends it:
 * where={"score":{"$gte":lo,"$lt":lo+200}}&amp;order=-score&amp;limit=20.
 */
public class QuerySimulation extends ParseSimulation {

  {
    // scores 0..seed-1 are seeded, so every window holds up to 200 of them
    int windows = Math.max(1, ParseLoad.SEED - 200);
    run("query", http("query").get(session -> {
      int lo = ThreadLocalRandom.current().nextInt(windows);
      String where = "{\"score\":{\"$gte\":" + lo + ",\"$lt\":" + (lo + 200) + "}}";
      return "/classes/GameScore?where=" + URLEncoder.encode(where, StandardCharsets.UTF_8) + "&order=-score&limit=20";
    }).check(status().is(200)));
  }

  @Override
  public void before() {
    ParseLoad.seedScores(ParseLoad.SEED);
  }
}
