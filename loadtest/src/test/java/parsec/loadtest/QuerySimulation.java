package parsec.loadtest;

import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** A score window query, ordered and limited, as ../shared/bench/query.lua sends it. */
public class QuerySimulation extends ParseSimulation {

  {
    ParseLoad.seedScores(2000);
    run("query", http("query").get(session -> {
      int lo = ThreadLocalRandom.current().nextInt(1800);
      String where = "{\"score\":{\"$gte\":" + lo + ",\"$lt\":" + (lo + 200) + "}}";
      return "/classes/GameScore?where=" + URLEncoder.encode(where, StandardCharsets.UTF_8) + "&order=-score&limit=20";
    }).check(status().is(200)));
  }
}
